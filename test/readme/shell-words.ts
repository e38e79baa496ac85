// The little shell the README's commands are written in: words, '...' and "..." quotes, `&&` chains and
// `# comments`. Anything else a shell would interpret (pipes, redirects, variables, globs) is refused, so
// the README cannot gain a command this test would run differently from a real shell.

const UNSUPPORTED = new Set(['|', ';', '>', '<', '$', '`', '(', ')', '*', '?', '\\', '~', '{', '}']);

/** The command without its trailing `# comment`, trimmed; what the coverage table is keyed by. */
export function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i).trim();
    }
  }
  return line.trim();
}

/** Splits a command line into the argument lists of its `&&`-chained commands. */
export function splitCommandChain(line: string): string[][] {
  const chain: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const text = stripComment(line);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '&' && text[i + 1] === '&' && word === undefined) {
      if (words.length === 0) throw new Error(`'&&' without a command before it in: ${line}`);
      chain.push(words);
      words = [];
      i++;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${line}`);
      const quoted = text.slice(i + 1, end);
      if (c === '"' && /[$`\\]/.test(quoted)) throw new Error(`"..." with $, \` or \\ is not supported in: ${line}`);
      word = (word ?? '') + quoted;
      i = end;
    } else if (UNSUPPORTED.has(c) || c === '&') {
      throw new Error(`shell syntax '${c}' is not supported in: ${line}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  if (words.length === 0) throw new Error(`no command in: ${line}`);
  chain.push(words);
  return chain;
}
