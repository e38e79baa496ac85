// A folded block scalar (`>` / `>-`) joins its lines with spaces, so its value no longer says where the
// author broke the lines; printed from the value, a long description would become one line. This keeps each
// folded scalar's source lines as written (re-indented only): the formatter prints them like a literal block
// and swaps the `|` for `>`, which gives the same value because the lines are unchanged.
import { isScalar, Scalar, visit, type Document } from 'yaml';

/** Folded scalars by node, each with the lines to print (base indentation removed) as one string. */
export type FoldedLines = WeakMap<Scalar, string>;

export function collectFoldedLines(doc: Document, text: string): FoldedLines {
  const found: FoldedLines = new WeakMap();
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.type !== Scalar.BLOCK_FOLDED || !node.range) return;
      const lines = sourceLines(text, node.range[0], node.range[1]);
      if (lines !== undefined) found.set(node, lines);
    },
  });
  return found;
}

/**
 * The body lines of the folded scalar starting at `start`, joined as a literal block's value with the same
 * chomping. Undefined for the forms kept as parsed: an explicit indentation indicator, `>+` (keep), or lines
 * that do not share the first line's indentation.
 */
function sourceLines(text: string, start: number, end: number): string | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return undefined;
  const header = /^>([-]?)[ \t]*(#.*)?$/.exec(text.slice(start, headerEnd).replace(/\r$/, ''));
  if (!header) return undefined;
  const strip = header[1] === '-';
  const body = text.slice(headerEnd + 1, end).replace(/\r\n/g, '\n').split('\n');
  const first = body.find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  const base = first.length - first.trimStart().length;
  const out: string[] = [];
  for (const line of body) {
    if (line.trim() === '') {
      // An empty line may carry fewer spaces than the base; more would be content.
      if (line.length > base) return undefined;
      out.push('');
    } else if (line.slice(0, base).trim() !== '' || /\t/.test(line.slice(0, base))) {
      return undefined;
    } else {
      out.push(line.slice(base));
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (out.length === 0) return undefined;
  return out.join('\n') + (strip ? '' : '\n');
}
