// Handlebars parse errors come as text ("Parse error on line 2: ... Expecting 'CLOSE', got 'INVALID'") with
// no structured position. The shared lexer still holds what it had consumed, which gives the exact offset
// of the token it stopped at; the message is rewritten in the author's terms.
import { lastLexerState } from './template-environment.js';

export interface TemplateProblem {
  /** Character offset inside the template text. */
  offset: number;
  /** Characters to highlight, at least 1. */
  length: number;
  message: string;
  code: 'TPL_SYNTAX' | 'TPL_UNKNOWN_HELPER';
}

const TOKEN_WORDS: Readonly<Record<string, string>> = {
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  CLOSE_RAW_BLOCK: "'}}}}'",
  OPEN_SEXPR: "'('",
  CLOSE_SEXPR: "')'",
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
  DATA: "'@name'",
  SEP: "'.'",
  EQUALS: "'='",
  OPEN_ENDBLOCK: "'{{/...}}'",
  INVERSE: "'{{else}}'",
  OPEN_INVERSE_CHAIN: "'{{else ...}}'",
  EOF: 'the end of the template',
};
/** Expected-token names too technical to list. */
const UNLISTED = new Set(['BOOLEAN', 'UNDEFINED', 'NULL', 'OPEN_BLOCK_PARAMS', 'CLOSE_BLOCK_PARAMS', 'CLOSE_RAW_BLOCK', 'CLOSE_UNESCAPED']);

/** A Handlebars exception with a location (block mismatch, compiler errors): line 1-based, column 0-based. */
export function problemAtLineColumn(source: string, line: number, column: number, message: string, length = 1): TemplateProblem {
  return { offset: offsetOf(source, line, column), length: Math.max(1, length), message, code: 'TPL_SYNTAX' };
}

export function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return clamp(source, offset + Math.max(0, column));
}

/** Problem for an error thrown by `parse`. */
export function parseProblem(source: string, err: unknown): TemplateProblem {
  const text = err instanceof Error ? err.message : String(err);
  const located = locatedException(source, err);
  if (located) return located;

  const lexer = lastLexerState();
  const consistent = lexer !== undefined && source.startsWith(lexer.matched);
  const at = consistent ? lexer.matched.length - lexer.match.length : source.length;

  if (/^Lexical error/.test(text)) {
    // Usually an unclosed comment or a stray character right after `{{`: point at that `{{`.
    const open = source.lastIndexOf('{{', at);
    const offset = open >= 0 ? open : at;
    return { offset: clamp(source, offset), length: 2, message: 'cannot read the text after this {{ (an unclosed {{!-- comment?)', code: 'TPL_SYNTAX' };
  }

  const expecting = /Expecting (.*), got '([^']*)'/.exec(text);
  const expected = expecting ? [...expecting[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : [];
  const got = expecting?.[2] ?? '';

  if (got === 'EOF' && expected.includes('OPEN_ENDBLOCK')) {
    const open = unclosedBlock(source);
    if (open) {
      return { offset: open.offset, length: open.length, message: `'{{#${open.name}}}' is never closed: add '{{/${open.name}}}'`, code: 'TPL_SYNTAX' };
    }
  }
  if (got === 'CLOSE_UNESCAPED' && expected.includes('CLOSE')) {
    return {
      offset: clamp(source, at),
      length: 3,
      message: "'}}}' does not close '{{': to put a '}' right after a value, write '}} }' (or '{{{...}}}' on both sides)",
      code: 'TPL_SYNTAX',
    };
  }
  const found = got === 'INVALID' ? `'${source.slice(at, at + 1)}'` : got === 'EOF' ? 'the end of the template' : `'${lexer && consistent ? lexer.match : got}'`;
  const words = [...new Set(expected.filter((e) => !UNLISTED.has(e)).map((e) => TOKEN_WORDS[e] ?? e.toLowerCase()))];
  const expectation = words.length > 0 ? `; expected ${words.slice(0, 5).join(', ')}` : '';
  const length = got === 'EOF' ? 1 : Math.max(1, lexer && consistent ? lexer.match.length : 1);
  return { offset: clamp(source, at), length, message: `unexpected ${found}${expectation}`, code: 'TPL_SYNTAX' };
}

/** Problem for an error thrown while compiling an already parsed template. */
export function compileProblem(source: string, err: unknown): TemplateProblem {
  const located = locatedException(source, err);
  if (located) return located;
  const text = err instanceof Error ? err.message.split('\n')[0]! : 'template does not compile';
  return { offset: 0, length: 1, message: text.slice(0, 300), code: 'TPL_SYNTAX' };
}

/** Handlebars' own Exception objects carry lineNumber/column (0-based) for semantic errors. */
function locatedException(source: string, err: unknown): TemplateProblem | undefined {
  const e = err as { lineNumber?: unknown; column?: unknown; message?: unknown } | null;
  if (!e || typeof e.lineNumber !== 'number' || typeof e.column !== 'number') return undefined;
  const message = String(e.message ?? 'syntax error').replace(/ - \d+:\d+$/, '');
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(message);
  const text = mismatch ? `'{{/${mismatch[2]}}}' closes '{{#${mismatch[1]}}}': they must match` : message;
  return problemAtLineColumn(source, e.lineNumber, e.column, text, mismatch ? mismatch[1]!.length : 1);
}

/** The innermost `{{#name` without its `{{/name}}`, by a plain scan (the parser gave up at the end). */
function unclosedBlock(source: string): { offset: number; length: number; name: string } | undefined {
  const stack: { offset: number; length: number; name: string }[] = [];
  const tag = /\{\{~?\s*([#/^])\s*>?\s*([^\s}~()]+)|\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g;
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    if (!m[1]) continue;
    if (m[1] === '/') {
      const i = stack.map((s) => s.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.length = i;
    } else {
      stack.push({ offset: m.index, length: m[0].length, name: m[2]! });
    }
  }
  return stack.at(-1);
}

function clamp(source: string, offset: number): number {
  return Math.max(0, Math.min(offset, Math.max(0, source.length - 1)));
}
