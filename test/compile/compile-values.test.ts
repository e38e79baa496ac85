// What the compiler itself refuses: bad durations and sizes a schema let through, code modules outside the
// project or missing, and what happens with files that failed schema validation.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileTexts, golden, problemsOf, yaml } from './compile-fixture.js';

describe('compile: values', () => {
  it('reports durations and sizes it cannot read', () => {
    const text = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      timeout: 30 seconds
      events:
        e:
          webhook:
            register: { steps: [{ return: "{}" }] }
            verify: { scheme: none }
            records: body
            lifetime: 99999999999999d
            maxBodySize: 1gb
    `;
    expect(problemsOf({ 'connectors/c.yaml': text })).to.deep.equal([
      "connectors/c.yaml:5:10 DURATION_INVALID '30 seconds' is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m, 2h or 7d",
      "connectors/c.yaml:12:17 DURATION_INVALID '99999999999999d' is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m, 2h or 7d",
      "connectors/c.yaml:13:20 DEF_INVALID_VALUE '1gb' is not a size: write a whole number and a unit, e.g. 512kb or 1mb",
    ]);
  });

  describe('code modules', () => {
    let root: string;
    let outside: string;
    before(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'compile-code-'));
      mkdirSync(path.join(root, 'code'));
      writeFileSync(path.join(root, 'code', 'ok.ts'), 'export const run = () => 1;\n');
      outside = mkdtempSync(path.join(os.tmpdir(), 'compile-outside-'));
      writeFileSync(path.join(outside, 'evil.ts'), 'export const run = () => 2;\n');
      symlinkSync(path.join(outside, 'evil.ts'), path.join(root, 'code', 'link.ts'));
    });
    after(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    });

    it('refuses modules outside the project, through `..`, an absolute path or a symbolic link, and missing ones', () => {
      const text = yaml`
        kind: connector
        name: c
        version: 1.0.0
        baseUrl: https://c.example
        actions:
          a:
            steps:
              - code: { module: code/ok.ts, export: run }
              - code: { module: ../secrets.ts }
              - code: { module: /etc/hostname }
              - code: { module: code/link.ts }
              - code: { module: code/missing.ts }
              - code: { module: code }
      `;
      const { diagnostics, model } = compileTexts({ 'connectors/c.yaml': text }, { root });
      expect(model).to.equal(undefined);
      expect(golden(diagnostics)).to.deep.equal([
        "connectors/c.yaml:9:25 DEF_INVALID_VALUE module '../secrets.ts' is outside the project folder; code modules must live inside it",
        "connectors/c.yaml:10:25 DEF_INVALID_VALUE module '/etc/hostname' is outside the project folder; code modules must live inside it",
        "connectors/c.yaml:11:25 DEF_INVALID_VALUE module 'code/link.ts' links to a file outside the project folder; code modules must live inside it",
        "connectors/c.yaml:12:25 REF_UNKNOWN_MODULE module 'code/missing.ts' does not exist (looked for code/missing.ts in the project folder)",
        "connectors/c.yaml:13:25 REF_UNKNOWN_MODULE module 'code' does not exist (looked for code in the project folder)",
      ]);
    });
  });

  describe('files that failed schema validation', () => {
    const broken = yaml`
      kind: connector
      name: acme
      version: 1.0.0
      baseUrl: https://acme.example
      actions:
        a:
          steps: [{ map: "1 +" }]
    `;
    const flow = yaml`
      kind: flow
      name: f
      trigger:
        event: { connector: acme, card: anything, connection: c }
      steps: [{ action: { card: acme.whatever, connection: c } }]
    `;

    it('are not compiled, and references to their names are not reported again', () => {
      const { diagnostics, model } = compileTexts({ 'connectors/acme.yaml': broken, 'flows/f.yaml': flow }, { invalid: ['connectors/acme.yaml'] });
      // The broken expression is not compiled (the schema problems are what the author sees first).
      expect(golden(diagnostics)).to.deep.equal([]);
      // No error diagnostic here, but the caller has the schema's: the loader returns no model then.
      expect(model).to.not.equal(undefined);
      expect([...model!.connectors.keys()]).to.deep.equal([]);
    });

    it('while an unknown connector is still reported', () => {
      expect(problemsOf({ 'flows/f.yaml': flow })).to.deep.equal([
        "flows/f.yaml:4:23 REF_UNKNOWN_CONNECTOR unknown connector 'acme'",
        "flows/f.yaml:5:27 REF_UNKNOWN_CONNECTOR unknown connector 'acme'",
      ]);
    });
  });
});
