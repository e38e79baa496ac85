// docs/errors.md documents exactly the codes of the registry in src/errors/codes.ts, each with its description,
// an example and how to fix it.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DIAGNOSTIC_CODES } from '../../src/errors/codes.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** The text of each `## CODE` section, by code. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const [heading, ...body] = part.split('\n');
    out.set(heading.trim(), body.join('\n'));
  }
  return out;
}

describe('docs/errors.md', () => {
  const documented = sections(doc);
  const registered = Object.keys(DIAGNOSTIC_CODES);

  it('documents every registered code', () => {
    expect(registered.filter((code) => !documented.has(code)), 'registered but not documented').to.deep.equal([]);
  });

  it('documents no code that is not registered', () => {
    expect([...documented.keys()].filter((code) => !registered.includes(code)), 'documented but not registered').to.deep.equal([]);
  });

  it('gives each code its registry description, an example and how to fix it', () => {
    const incomplete = registered.filter((code) => {
      const body = documented.get(code);
      if (body === undefined) return false; // reported above
      const description = DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES];
      return !body.includes(description) || !body.includes(`  ${code}  `) || !body.includes('How to fix:');
    });
    expect(incomplete, 'sections lacking the description, an example line with the code, or "How to fix:"').to.deep.equal([]);
  });
});
