// Which kind of definition a file holds, read from its `kind:` key (never from its folder).
import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../errors/diagnostic.js';
import { makeDiagnostic } from '../errors/codes.js';
import type { SourceFile } from '../source/source-file.js';

export type DefinitionKind = 'connector' | 'flow';
const KINDS: readonly DefinitionKind[] = ['connector', 'flow'];
const HINT = 'start the file with `kind: connector` or `kind: flow`';

export function detectKind(source: SourceFile): { kind: DefinitionKind } | { diagnostic: Diagnostic } {
  const value = source.value;
  const unknown = (message: string, at = { line: 1, column: 1, length: Math.max(1, source.lineText(1).length) }) => ({
    diagnostic: makeDiagnostic('FILE_UNKNOWN_KIND', message, source.file, at, HINT),
  });
  if (value === null || value === undefined) return unknown('the file is empty');
  if (typeof value !== 'object' || Array.isArray(value)) return unknown('a definition is a map of keys, starting with `kind:`');
  const kind = (value as Record<string, unknown>).kind;
  if (kind === undefined) return unknown('the file has no `kind:` key');
  if (typeof kind === 'string' && (KINDS as readonly string[]).includes(kind)) return { kind: kind as DefinitionKind };
  const shown = typeof kind === 'string' ? `'${kind.slice(0, 64)}'` : JSON.stringify(kind)?.slice(0, 64) ?? String(kind);
  let message = `unknown kind ${shown}`;
  if (typeof kind === 'string') {
    const guess = closest(kind.toLowerCase(), KINDS as string[]);
    if (distance(kind.toLowerCase(), guess) <= 2) message += ` (did you mean '${guess}'?)`;
  }
  return unknown(message, source.locate(['kind'], 'value'));
}
