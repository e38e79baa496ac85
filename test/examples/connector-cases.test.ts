// The example connectors in connectors/ ship with test cases and hand-written cassettes: `runtime test` over the
// repository itself must pass every case offline, every card and webhook phase must have a case, and no
// cassette may outlive its case.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import type { ProjectModel } from '../../src/model/model.js';
import { loadProject } from '../../src/project/load-project.js';
import { caseSlug } from '../../src/testing/test-case.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const connectorsDir = path.join(repoRoot, 'connectors');

/** Cards no case can run yet, and why: the report names them instead of a test faking them. */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  'files-demo.upload_attachment': 'test cases cannot give a file input',
};

interface CaseEntry {
  name: string;
  card?: string;
  system?: string;
  polling?: string;
  webhook?: string;
  phase?: string;
  expectError?: unknown;
}

interface TestFile {
  file: string;
  connector: string;
  cases: CaseEntry[];
}

function readTestFiles(): TestFile[] {
  return readdirSync(connectorsDir)
    .filter((f) => f.endsWith('.test.yaml'))
    .sort()
    .map((f) => {
      const doc = parse(readFileSync(path.join(connectorsDir, f), 'utf8')) as { connector: string; cases: CaseEntry[] };
      return { file: f, connector: doc.connector, cases: doc.cases };
    });
}

async function runtimeTest(): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(['test', '--project', repoRoot], {
    cwd: repoRoot,
    env: {},
    stdoutIsTTY: false,
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
  });
  return { stdout, stderr, exitCode };
}

describe('example connectors: test cases replayed offline', () => {
  let testFiles: TestFile[];
  let model: ProjectModel;

  before(async () => {
    testFiles = readTestFiles();
    const loaded = await loadProject(repoRoot);
    expect(loaded.model, 'the bundled project loads').to.not.equal(undefined);
    model = loaded.model!;
  });

  it('has a test file for every bundled connector', () => {
    expect(testFiles.map((t) => t.connector).sort()).to.deep.equal([...model.connectors.keys()].sort());
  });

  it('`runtime test` passes every case of every example connector and exits 0', async () => {
    const total = testFiles.reduce((n, t) => n + t.cases.length, 0);
    const run = await runtimeTest();
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    const failed = lines.filter((l) => !l.startsWith('✔') && !/^\d+ passed/.test(l));
    expect(failed, 'lines other than passed cases').to.deep.equal([]);
    expect(run.stderr).to.equal('');
    expect(lines.filter((l) => l.startsWith('✔'))).to.have.length(total);
    for (const t of testFiles) {
      for (const c of t.cases) expect(lines.some((l) => l.startsWith(`✔ ${t.connector} › ${c.name} (`)), `${t.connector} › ${c.name}`).to.equal(true);
    }
    expect(lines.at(-1)).to.match(new RegExp(`^${total} passed, 0 failed \\(${total} cases, \\d+ ms\\)$`));
    expect(run.exitCode).to.equal(0);
  });

  it('covers every action, system flow, polling monitor and webhook phase, each connector with an error case', () => {
    const missing: string[] = [];
    for (const [name, connector] of model.connectors) {
      const cases = testFiles.filter((t) => t.connector === name).flatMap((t) => t.cases);
      const has = (pick: (c: CaseEntry) => boolean) => cases.some(pick);
      for (const action of Object.keys(connector.actions)) {
        if (KNOWN_GAPS[`${name}.${action}`]) continue;
        if (!has((c) => c.card === action && c.expectError === undefined)) missing.push(`${name}.${action} (success)`);
      }
      for (const flow of Object.keys(connector.system)) {
        if (!has((c) => c.system === flow)) missing.push(`${name} system ${flow}`);
      }
      for (const [event, card] of Object.entries(connector.events)) {
        if (card.polling && !has((c) => c.polling === event)) missing.push(`${name}.${event} polling`);
        if (!card.webhook) continue;
        const phases = ['register', 'deliver', ...(card.webhook.deregister ? ['deregister'] : [])];
        for (const phase of phases) {
          if (!has((c) => c.webhook === event && (c.phase ?? 'deliver') === phase)) missing.push(`${name}.${event} webhook ${phase}`);
        }
        if (!has((c) => c.webhook === event && (c.phase ?? 'deliver') === 'deliver' && c.expectError !== undefined)) {
          missing.push(`${name}.${event} a refused delivery`);
        }
      }
      if (!has((c) => c.expectError !== undefined)) missing.push(`${name}: an error case`);
    }
    expect(missing).to.deep.equal([]);
  });

  it('keeps no cassette without a case', () => {
    // A case whose cassette is missing fails above (its requests are unrecorded); a cassette whose case was
    // renamed or removed would only rot.
    for (const t of testFiles) {
      const slugs = new Set(t.cases.map((c) => `${caseSlug(c.name)}.yaml`));
      const files = readdirSync(path.join(connectorsDir, 'cassettes', t.connector));
      expect(files.filter((f) => !slugs.has(f)), `cassettes of ${t.connector} without a case`).to.deep.equal([]);
    }
  });
});
