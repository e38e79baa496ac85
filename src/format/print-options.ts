// The yaml printing options of the canonical layout: 2-space indentation, lists indented under their key,
// no re-folding of long lines (expressions and templates are printed as written), no document markers.
import type { ToStringOptions } from 'yaml';

export const PRINT_OPTIONS: ToStringOptions = Object.freeze({
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: true,
  // A double-quoted string keeps its `\n` escapes on one line instead of being spread over several.
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  directives: false,
});
