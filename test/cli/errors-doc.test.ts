// docs/errors.md documents exactly the codes of the registry in src/errors/codes.ts, each with its description,
// an example and how to fix it. (Its second part, "Runtime errors", is checked by test/docs/runtime-codes.test.ts.)
import { expect } from 'chai';
import { DIAGNOSTIC_CODES } from '../../src/errors/codes.js';
import { errorsDocParts, readErrorsDoc, sections } from '../docs/errors-doc-sections.js';

const doc = readErrorsDoc();

describe('docs/errors.md', () => {
  const documented = sections(errorsDocParts(doc).diagnostics);
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
