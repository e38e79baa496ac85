// validateDefinition on real YAML files: valid fixtures give nothing, broken ones give exactly the
// diagnostics in their `.expected.txt` (rewrite them with UPDATE_GOLDEN=1 after a deliberate change).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import { SourceFile } from '../../src/source/source-file.js';
import { MAX_SCHEMA_DIAGNOSTICS, validateDefinition } from '../../src/schema/validate-definition.js';
import type { Diagnostic } from '../../src/errors/diagnostic.js';

const FIXTURES = 'test/fixtures/schema';
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();

function load(name: string): SourceFile {
  return new SourceFile(`${FIXTURES}/${name}`, readFileSync(`${FIXTURES}/${name}`, 'utf8'));
}

function kindOf(name: string): 'connector' | 'flow' {
  return /^(valid|golden)-flow/.test(name) ? 'flow' : 'connector';
}

function render(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}\n`)
    .join('');
}

describe('schema: validateDefinition', () => {
  describe('valid fixtures', () => {
    for (const name of fixtures.filter((f) => f.startsWith('valid-'))) {
      it(`${name} has no diagnostics`, () => {
        const source = load(name);
        expect(source.diagnostics, 'YAML diagnostics').to.deep.equal([]);
        expect(render(validateDefinition(source, kindOf(name)))).to.equal('');
      });
    }
  });

  describe('golden files', () => {
    for (const name of fixtures.filter((f) => f.startsWith('golden-'))) {
      it(`${name} gives exactly its expected diagnostics`, () => {
        const expectedFile = `${FIXTURES}/${name.replace(/\.yaml$/, '.expected.txt')}`;
        const actual = render(validateDefinition(load(name), kindOf(name)));
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual);
        expect(existsSync(expectedFile), `${expectedFile} exists`).to.equal(true);
        expect(actual).to.equal(readFileSync(expectedFile, 'utf8'));
      });
    }
  });

  describe('every fixture starts with the schema comment', () => {
    for (const name of fixtures) {
      it(name, () => {
        const first = readFileSync(`${FIXTURES}/${name}`, 'utf8').split('\n')[0];
        expect(first).to.equal(`# yaml-language-server: $schema=../../../schemas/${kindOf(name)}.schema.json`);
      });
    }
  });

  describe('edge cases', () => {
    const check = (text: string, kind: 'connector' | 'flow' = 'connector'): string =>
      render(validateDefinition(new SourceFile('x.yaml', text), kind));

    it('an empty file is a map that is missing', () => {
      expect(check('')).to.equal('x.yaml:1:1 DEF_TYPE expected a map, found nothing\n');
    });

    it('a file that did not parse is left to its YAML diagnostics', () => {
      const source = new SourceFile('x.yaml', 'kind: [connector\n');
      expect(source.diagnostics).to.not.be.empty;
      expect(validateDefinition(source, 'connector')).to.deep.equal([]);
    });

    it('decodes ~1 and ~0 in paths (keys with / and ~)', () => {
      const text = [
        'kind: connector',
        'name: a',
        'version: 1.0.0',
        'baseUrl: https://a.example',
        'actions:',
        '  up:',
        '    steps:',
        '      - request:',
        '          method: POST',
        '          url: /x',
        '          multipart:',
        '            "a/b~c": { file: 5 }',
        '',
      ].join('\n');
      expect(check(text)).to.equal(
        'x.yaml:12:30 DEF_TYPE expected text, found a number\n  hint: write it in quotes: "5" (a JSONata expression is text)\n',
      );
    });

    it('reports a missing property at the key of its parent map', () => {
      const text = 'kind: flow\nname: f\ntrigger: { manual: {} }\nsteps:\n  - action: { connection: c }\n';
      expect(check(text, 'flow')).to.equal("x.yaml:5:5 DEF_MISSING_PROPERTY missing required property 'card'\n");
    });

    it('reports a missing property of a list item at the item', () => {
      const text = [
        'kind: connector',
        'name: a',
        'version: 1.0.0',
        'baseUrl: https://a.example',
        'events:',
        '  hooked:',
        '    webhook:',
        '      register: { steps: [] }',
        '      verify: { scheme: none }',
        '      records: body',
        '      handshake:',
        '        - respond: { status: 200 }',
        '',
      ].join('\n');
      expect(check(text)).to.equal("x.yaml:12:11 DEF_MISSING_PROPERTY missing required property 'when'\n");
    });

    it('cuts long values short in messages', () => {
      const text = `kind: connector\nname: a\nversion: ${'9'.repeat(100)}x\nbaseUrl: b\n`;
      const [d] = validateDefinition(new SourceFile('x.yaml', text), 'connector');
      expect(d.message).to.equal(`'${'9'.repeat(60)}...' is not a semantic version such as 1.2.0`);
    });

    it('shows at most MAX_SCHEMA_DIAGNOSTICS problems and says how many more there are', () => {
      const steps = Array.from({ length: 300 }, () => '      - { request: { methd: GET } }').join('\n');
      const text = `kind: connector\nname: a\nversion: 1.0.0\nbaseUrl: b\nactions:\n  x:\n    steps:\n${steps}\n`;
      const diagnostics = validateDefinition(new SourceFile('x.yaml', text), 'connector');
      expect(diagnostics).to.have.length(MAX_SCHEMA_DIAGNOSTICS + 1);
      expect(diagnostics[0]).to.include({ code: 'DEF_TOO_MANY_PROBLEMS', line: 1, column: 1 });
      expect(diagnostics[0].message).to.equal('400 more schema problems in this file are not shown; fix the ones reported first');
      expect(diagnostics[1]).to.include({ code: 'DEF_MISSING_PROPERTY', line: 8, column: 11, message: "missing required property 'url'" });
      expect(diagnostics[2]).to.include({ code: 'DEF_UNKNOWN_PROPERTY', line: 8, column: 22 });
    });

    it('suggests nothing when no valid key is close', () => {
      const text = 'kind: connector\nname: a\nversion: 1.0.0\nbaseUrl: b\nzzzzzzzz: 1\n';
      expect(check(text)).to.equal("x.yaml:5:1 DEF_UNKNOWN_PROPERTY unknown property 'zzzzzzzz'\n");
    });
  });
});
