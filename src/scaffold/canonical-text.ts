// A scaffolded document, printed in the canonical layout of `runtime fmt`, so a new file passes
// `runtime fmt --check` as written.
import type { Document } from 'yaml';
import { formatDefinition } from '../format/format-definition.js';

export function canonicalText(doc: Document, file: string): string {
  const outcome = formatDefinition({ file, text: doc.toString({ lineWidth: 0 }) });
  // The templates are ours and tested: a refusal here is a bug, not a user error.
  if (outcome.status !== 'formatted') throw new Error(`scaffolded ${file} could not be formatted: ${JSON.stringify(outcome)}`);
  return outcome.text;
}
