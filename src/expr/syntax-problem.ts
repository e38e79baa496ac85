// Turns jsonata's syntax errors (plain objects whose `position` is the END of the bad token) into a problem
// pointing at the START of what is wrong, so the caret lands under the offending text.
import { findUnterminated } from './unterminated-literal.js';

export interface SyntaxProblem {
  /** Character offset inside the expression text. */
  offset: number;
  /** Characters to highlight, at least 1. */
  length: number;
  message: string;
  code: 'EXPR_SYNTAX' | 'EXPR_TOO_LONG';
}

interface JsonataSyntaxError {
  code?: unknown;
  position?: unknown;
  token?: unknown;
  message?: unknown;
}

const END_TOKEN = '(end)';
/** Lexer errors reported at the end of the text; the real culprit is the literal that was opened. */
const UNTERMINATED_CODES = new Set(['S0101', 'S0105', 'S0302']);

export function syntaxProblemFromJsonata(source: string, err: unknown): SyntaxProblem {
  const e = (typeof err === 'object' && err !== null ? err : {}) as JsonataSyntaxError;
  const code = typeof e.code === 'string' ? e.code : '';
  const position = typeof e.position === 'number' && Number.isFinite(e.position) ? e.position : 0;
  const token = typeof e.token === 'string' ? e.token : undefined;
  const message = oneLine(typeof e.message === 'string' && e.message !== '' ? e.message : 'syntax error');
  const span = locate(source, code, position, token);
  return { offset: span.offset, length: span.length, message, code: 'EXPR_SYNTAX' };
}

function locate(source: string, code: string, position: number, token: string | undefined): { offset: number; length: number } {
  const last = Math.max(0, source.length - 1);
  const clamp = (n: number): number => Math.max(0, Math.min(n, last));

  if (token === END_TOKEN) {
    // "Unexpected end": point at the last visible character, not at a trailing newline of a `|` block.
    return { offset: clamp(source.trimEnd().length - 1), length: 1 };
  }
  if (UNTERMINATED_CODES.has(code)) {
    const opened = findUnterminated(source);
    if (opened !== undefined) return { offset: opened, length: 1 };
    return { offset: clamp(position - 1), length: 1 };
  }
  if (code === 'S0103' || code === 'S0104') {
    // Bad escape: jsonata points at the character after the backslash.
    return { offset: clamp(position - 1), length: 2 };
  }
  if (token !== undefined && token !== '') {
    if (source.slice(position - token.length, position) === token) {
      return { offset: clamp(position - token.length), length: token.length };
    }
    // Some lexer errors (bad number, bad escape) report the start rather than the end.
    if (source.slice(position, position + token.length) === token) {
      return { offset: clamp(position), length: token.length };
    }
    // A string token's value has lost its quotes and escapes: find the token ending at `position`.
    const quote = source[position - 1];
    if (quote === '"' || quote === "'") {
      const open = source.lastIndexOf(quote, position - 2);
      if (open >= 0) return { offset: open, length: position - open };
    }
  }
  return { offset: clamp(position > 0 ? position - 1 : 0), length: 1 };
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
