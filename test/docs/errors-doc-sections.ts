// Reads docs/errors.md as the sync tests need it: its two parts, and the `## CODE` sections of each.
import { readFileSync } from 'node:fs';

export function readErrorsDoc(): string {
  return readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
}

/** The text of each `## CODE` section, by code. */
export function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const [heading, ...body] = part.split('\n');
    out.set(heading!.trim(), body.join('\n'));
  }
  return out;
}

/** The page's two parts: diagnostic codes, then everything from the `# Runtime errors` heading on. */
export function errorsDocParts(markdown: string): { diagnostics: string; runtime: string } {
  const at = markdown.search(/^# Runtime errors$/m);
  return at < 0 ? { diagnostics: markdown, runtime: '' } : { diagnostics: markdown.slice(0, at), runtime: markdown.slice(at) };
}
