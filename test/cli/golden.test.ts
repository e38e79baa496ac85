// Golden scenarios: each folder under test/fixtures/cli/ is a small project, the command in args.txt, and
// the exact output in expected.txt. `UPDATE_GOLDEN=1 npx mocha test/cli/golden.test.ts` rewrites them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { goldenText, readArgs, runCli, SCENARIOS_DIR } from './run-cli.js';

const update = process.env.UPDATE_GOLDEN === '1';

const scenarios = readdirSync(SCENARIOS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(SCENARIOS_DIR, e.name, 'args.txt')))
  .map((e) => e.name)
  .sort();

describe('runtime CLI golden scenarios (test/fixtures/cli/)', () => {
  for (const scenario of scenarios) {
    it(scenario, async () => {
      const dir = path.join(SCENARIOS_DIR, scenario);
      const actual = goldenText(await runCli(readArgs(scenario), dir));
      const expectedFile = path.join(dir, 'expected.txt');
      if (update) {
        writeFileSync(expectedFile, actual);
        return;
      }
      expect(existsSync(expectedFile), `${scenario}/expected.txt is missing; run with UPDATE_GOLDEN=1`).to.equal(true);
      expect(actual).to.equal(readFileSync(expectedFile, 'utf8'));
    });
  }
});
