// Golden pairs: test/fixtures/format/golden/<case>.before.yaml formats to <case>.after.yaml exactly, and the
// result is already canonical (formatting it again changes nothing).
// `UPDATE_GOLDEN=1 npx mocha test/format/format-golden.test.ts` rewrites the .after.yaml files: review them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { formatDefinition, type FormatOutcome } from '../../src/format/format-definition.js';

const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/format/golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

const cases = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.before.yaml'))
  .map((f) => f.slice(0, -'.before.yaml'.length))
  .sort();

function format(name: string, text: string): FormatOutcome {
  return formatDefinition({ file: `connectors/${name}.yaml`, text, schemaPath: (kind) => `../schemas/${kind}.schema.json` });
}

function formatted(name: string, text: string): string {
  const outcome = format(name, text);
  if (outcome.status !== 'formatted') expect.fail(`${name}: ${JSON.stringify(outcome)}`);
  return outcome.text;
}

describe('fmt golden pairs (test/fixtures/format/golden/)', () => {
  for (const name of cases) {
    it(name, () => {
      const before = readFileSync(path.join(GOLDEN_DIR, `${name}.before.yaml`), 'utf8');
      const afterFile = path.join(GOLDEN_DIR, `${name}.after.yaml`);
      const actual = formatted(name, before);
      if (update) writeFileSync(afterFile, actual);
      expect(existsSync(afterFile), `${name}.after.yaml is missing; run with UPDATE_GOLDEN=1`).to.equal(true);
      expect(actual).to.equal(readFileSync(afterFile, 'utf8'));
      expect(formatted(name, actual), 'formatting the result again').to.equal(actual);
    });
  }

  it('has a case that is already canonical and stays byte for byte the same', () => {
    const text = readFileSync(path.join(GOLDEN_DIR, 'canonical.before.yaml'), 'utf8');
    const outcome = format('canonical', text);
    expect(outcome).to.include({ status: 'formatted', changed: false });
  });
});
