// docs/testing.md stays true: its test-file examples validate against the schema, its cassette example reads as
// a cassette, and it documents every TEST_ code with its registry description.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { parseCassette } from '../../src/testing/cassette.js';
import { TEST_ERROR_CODES } from '../../src/testing/test-error-codes.js';
import { connectorTestValidator } from '../../src/testing/test-schemas.js';

const doc = readFileSync(new URL('../../docs/testing.md', import.meta.url), 'utf8');
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('testing: docs/testing.md', () => {
  it('has test-file examples that validate against the schema', () => {
    const examples = yamlBlocks.filter((block) => block.includes('kind: connector-test'));
    expect(examples.length).to.be.greaterThan(2);
    const validate = connectorTestValidator();
    for (const example of examples) expect(validate(parse(example)), `${example.slice(0, 200)}\n${JSON.stringify(validate.errors)}`).to.equal(true);
  });

  it('has a cassette example that reads as a cassette', () => {
    const example = yamlBlocks.find((block) => block.includes('interactions:'));
    expect(example).to.be.a('string');
    expect(parseCassette(example!, 'docs.yaml').ok).to.equal(true);
  });

  it('documents every TEST_ code with its description', () => {
    for (const [code, description] of Object.entries(TEST_ERROR_CODES)) expect(doc, code).to.include(`| \`${code}\` | ${description} |`);
  });
});
