// jsonata reports an unterminated string, quoted name or regex at the end of the text. This scanner mirrors
// jsonata's lexer closely enough to find where that literal was opened.

const OPERAND_END = /[A-Za-z0-9_$)\]}`"']/;

/** Offset of the quote, backquote or slash that opens a literal never closed; undefined when all are closed. */
export function findUnterminated(source: string): number | undefined {
  let i = 0;
  // A `/` after an operand divides; elsewhere it opens a regex (jsonata decides the same way, from its parser state).
  let lastSignificant = '';
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) return undefined;
      i = close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      i++;
      while (i < n && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      if (i >= n) return start;
      i++;
      lastSignificant = c;
      continue;
    }
    if (c === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) return i;
      i = close + 1;
      lastSignificant = c;
      continue;
    }
    if (c === '/' && !OPERAND_END.test(lastSignificant)) {
      const start = i;
      i++;
      while (i < n && source[i] !== '/') i += source[i] === '\\' ? 2 : 1;
      if (i >= n) return start;
      i++;
      lastSignificant = ')';
      continue;
    }
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  return undefined;
}
