// Formats one definition file (connector, flow or connector test cases) in the canonical layout, keeping
// every comment. The result is proven before it is returned: it parses, holds exactly the same data and the
// same comments; otherwise the file is refused and must be left alone. Hostile or broken YAML is refused
// before anything else, with the loader's own diagnostics.
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type Document } from 'yaml';
import { makeDiagnostic } from '../errors/codes.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { DEFAULT_SOURCE_LIMITS, SourceFile, type SourceLimits } from '../source/source-file.js';
import { dropLeadingBlankLines } from './blank-lines.js';
import { commentTexts } from './comment-texts.js';
import { settleFlowStyle } from './flow-layout.js';
import { collectFoldedLines } from './folded-scalars.js';
import { installLayoutTags } from './layout-tags.js';
import { ensureSchemaComment, liftListItemComments, settleLeadingComments } from './leading-comments.js';
import { orderKeys } from './order-keys.js';
import { PRINT_OPTIONS } from './print-options.js';
import { relocateTrailingComments } from './relocate-trailing-comments.js';
import { FORMATTED_KINDS, isFormattedKind, rootShape, type FormattedKind } from './schema-shape.js';

export interface FormatRequest {
  /** Project-relative path, used in diagnostics. */
  file: string;
  text: string;
  /** Where a schema comment added to a file of `kind` points (relative to the file); none is added when undefined. */
  schemaPath?: (kind: FormattedKind) => string | undefined;
  limits?: SourceLimits;
}

export type FormatOutcome =
  | { status: 'formatted'; kind: FormattedKind; text: string; changed: boolean }
  | { status: 'skipped'; reason: string }
  | { status: 'refused'; diagnostics: Diagnostic[] };

// Duplicate keys were refused by SourceFile already; yaml checks them in quadratic time, so not again.
const PARSE_OPTIONS = { merge: false, uniqueKeys: false, strict: true, prettyErrors: false, stringKeys: false } as const;

export function formatDefinition(request: FormatRequest): FormatOutcome {
  const { file, text } = request;
  const limits = request.limits ?? DEFAULT_SOURCE_LIMITS;
  const source = new SourceFile(file, text, limits);
  if (source.diagnostics.length > 0) return { status: 'refused', diagnostics: source.diagnostics };
  const kind = kindOf(source.value);
  if (kind === undefined) return { status: 'skipped', reason: `no \`kind: ${FORMATTED_KINDS.join('|')}\`` };

  const doc = parseDocument(text, PARSE_OPTIONS);
  const comments = commentTexts(doc);
  let formatted: string;
  try {
    formatted = layOut(doc, text, kind, request.schemaPath?.(kind));
  } catch (e) {
    return refuse(file, `it could not be printed (${e instanceof Error ? e.message : String(e)})`);
  }

  const again = new SourceFile(file, formatted, { ...limits, maxBytes: Math.max(limits.maxBytes, formatted.length * 4) });
  if (again.diagnostics.length > 0) return refuse(file, 'the result would not parse');
  if (!isDeepStrictEqual(again.value, source.value)) return refuse(file, 'a value would change');
  const kept = commentTexts(parseDocument(formatted, PARSE_OPTIONS));
  if (!isDeepStrictEqual(withoutSchemaLine(kept), withoutSchemaLine(comments))) {
    return refuse(file, 'a comment would be lost', 'move the comment to its own line above a key; please report the file as a formatter bug');
  }
  return { status: 'formatted', kind, text: formatted, changed: formatted !== text };
}

function layOut(doc: Document, text: string, kind: FormattedKind, schemaPath: string | undefined): string {
  // Source positions are read first: everything after works on the node tree.
  const folded = collectFoldedLines(doc, text);
  relocateTrailingComments(doc, text);
  settleLeadingComments(doc);
  ensureSchemaComment(doc, schemaPath);
  orderKeys(doc.contents, rootShape(kind));
  liftListItemComments(doc.contents);
  dropLeadingBlankLines(doc.contents);
  settleFlowStyle(doc.contents);
  installLayoutTags(doc, folded);
  if (doc.directives) doc.directives.docEnd = false;
  return doc.toString(PRINT_OPTIONS);
}

function kindOf(value: unknown): FormattedKind | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const kind = (value as Record<string, unknown>).kind;
  return isFormattedKind(kind) ? kind : undefined;
}

function withoutSchemaLine(comments: string[]): string[] {
  return comments.filter((c) => !/^\s*yaml-language-server\s*:/.test(c));
}

function refuse(file: string, why: string, hint?: string): FormatOutcome {
  const message = `not formatted: ${why}; the file was left as it is`;
  return {
    status: 'refused',
    diagnostics: [makeDiagnostic('FMT_NOT_PRESERVED', message, file, { line: 1, column: 1, length: 1 }, hint ?? 'write this part without aliases; if the file has nothing unusual, please report it as a formatter bug')],
  };
}
