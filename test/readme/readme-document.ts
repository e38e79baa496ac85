// README.md as an ordered list of what the tests act on: headings, ```sh blocks (one command per line),
// ```yaml blocks (with the file the sentence before them names, if any), ```text blocks (the output of the
// command before them) and commands written inline in prose (`npx runtime ...`).
import { stripComment } from './shell-words.js';

export type ReadmeElement =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string; readonly line: number }
  | { readonly kind: 'sh'; readonly commands: readonly string[]; readonly line: number }
  | { readonly kind: 'yaml'; readonly text: string; readonly file: string | undefined; readonly line: number }
  | { readonly kind: 'output'; readonly text: string; readonly line: number }
  | { readonly kind: 'inline'; readonly command: string; readonly line: number };

/** A code span in prose that starts like this is a command a reader may type. */
const INLINE_COMMAND = /^(npx|npm|git|node|cd) /;

/** "Save this as `connectors/todos.yaml`:" right before a ```yaml block names the file it is. */
const SAVE_AS = /`([\w./-]+\.ya?ml)`:\s*$/;

export function parseReadme(markdown: string): ReadmeElement[] {
  const lines = markdown.split('\n');
  const elements: ReadmeElement[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`README.md:${start + 1}: code block is not closed`);
      elements.push(codeBlock(fence[1]!, body, previousText(lines, start), start + 1));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      elements.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]!.trim(), line: i + 1 });
      continue;
    }
    for (const span of line.matchAll(/`([^`]+)`/g)) {
      if (INLINE_COMMAND.test(span[1]!)) elements.push({ kind: 'inline', command: span[1]!.trim(), line: i + 1 });
    }
  }
  return elements;
}

function codeBlock(language: string, body: string[], before: string, line: number): ReadmeElement {
  switch (language) {
    case 'sh':
      return {
        kind: 'sh',
        commands: body.map(stripComment).filter((c) => c !== ''),
        line,
      };
    case 'yaml':
      return { kind: 'yaml', text: `${body.join('\n')}\n`, file: SAVE_AS.exec(before)?.[1], line };
    case 'text':
      return { kind: 'output', text: `${body.join('\n')}\n`, line };
    default:
      throw new Error(`README.md:${line}: code block without a known language (sh, yaml, text): '${language}'`);
  }
}

/** The nearest non-empty line before a code block. */
function previousText(lines: readonly string[], index: number): string {
  for (let i = index - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return lines[i]!;
  return '';
}

/** Every command of the README: each line of its ```sh blocks and each inline command, in order. */
export function readmeCommands(elements: readonly ReadmeElement[]): string[] {
  return elements.flatMap((e) => (e.kind === 'sh' ? [...e.commands] : e.kind === 'inline' ? [e.command] : []));
}

/** The elements under one `##` heading, up to the next heading of the same or a higher level. */
export function section(elements: readonly ReadmeElement[], title: string): ReadmeElement[] {
  const start = elements.findIndex((e) => e.kind === 'heading' && e.text === title);
  if (start < 0) throw new Error(`README.md has no heading '${title}'`);
  const level = (elements[start] as { level: number }).level;
  const end = elements.findIndex((e, i) => i > start && e.kind === 'heading' && e.level <= level);
  return elements.slice(start + 1, end < 0 ? undefined : end);
}
