// Golden scenarios: each folder under test/fixtures/compile/scenarios/ holds a small project (connectors/,
// flows/, all schema-valid) and `expected.txt`, the exact `file:line:column severity code message` lines the
// author sees, all problems of all files at once. Rewrite the expectations with UPDATE_GOLDEN=1.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileTexts, FIXTURES, fixtureTexts } from './compile-fixture.js';

const SCENARIOS = path.join(FIXTURES, 'scenarios');

describe('compile: golden scenarios', () => {
  for (const name of readdirSync(SCENARIOS).sort()) {
    it(name, () => {
      const root = path.join(SCENARIOS, name);
      const { diagnostics, model } = compileTexts(fixtureTexts(path.join('scenarios', name)), { root });
      const actual = diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`).join('\n') + '\n';
      const expectedFile = path.join(root, 'expected.txt');
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, actual);
      expect(actual).to.equal(readFileSync(expectedFile, 'utf8'));
      expect(model).to.equal(undefined);
    });
  }
});
