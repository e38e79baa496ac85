// `runtime diff` on the command line: revisions and the default base, the three output formats (golden files
// under test/fixtures/diff/golden/, rewritten with UPDATE_GOLDEN=1), colour, `--fail-on` exit codes, and the
// usage errors (exit 2) for a folder outside git, an unknown revision or base branch, and an empty repository.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { diffRevisions } from '../../src/diff/diff-revisions.js';
import { GitError } from '../../src/diff/git-command.js';
import { runCli, type CliRun } from '../cli/run-cli.js';
import { GitProject, GOLDEN_DIR, type Edit } from './git-project.js';

const ACME = 'connectors/acme.yaml';
const FEATURE: Edit[] = [
  [ACME, 'version: 1.2.0', 'version: 1.3.0'],
  [ACME, 'tags: { title: Tags, type: text }', 'tags: { title: Tags, type: text, required: true }'],
  [ACME, '      url: { title: URL, type: text }\n', ''],
  [ACME, 'scopes: [tickets.read, tickets.write]', 'scopes: [tickets.read, tickets.write, users.read]'],
  [ACME, 'request: { method: GET, url: /me }', 'request: { method: GET, url: /users/me }'],
  [ACME, 'help: Opens a ticket.', 'help: Opens a ticket or two.'],
  [ACME, '      subject: { title: Subject, type: text }\n    webhook:', '      subject: { title: Subject, type: text }\n      priority: { type: text }\n    webhook:'],
  ['flows/nightly-close.yaml', 'enabled: false', 'enabled: true'],
];
const update = process.env.UPDATE_GOLDEN === '1';

describe('runtime diff: command line', () => {
  let project: GitProject;
  let base: string;
  let head: string;

  before(() => {
    project = GitProject.create();
    base = project.commitBase([], 'base');
    project.git('switch', '-q', '-c', 'feature');
    project.resetToBase(FEATURE);
    project.write('flows/hello.yaml', 'kind: flow\nname: hello\ntrigger: { manual: {} }\nsteps:\n  - return: { hi: "1" }\n');
    head = project.commitAll('feature');
  });
  after(() => project.dispose());

  /** Commit ids differ on every run; golden files hold placeholders. */
  function masked(run: CliRun): string {
    const text = `${run.stdout}${run.stderr ? `--- stderr\n${run.stderr}` : ''}--- exit code: ${run.exitCode}\n`;
    return text.replaceAll(base, '<base commit>').replaceAll(head, '<head commit>').replaceAll(base.slice(0, 7), '<base>').replaceAll(head.slice(0, 7), '<head>');
  }

  function expectGolden(name: string, actual: string): void {
    const file = path.join(GOLDEN_DIR, name);
    if (update) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    expect(existsSync(file), `${name} is missing; run with UPDATE_GOLDEN=1`).to.equal(true);
    expect(actual).to.equal(readFileSync(file, 'utf8'));
  }

  it('text output (golden): grouped by connector, breaking changes with their affected flows', async () => {
    const run = await project.runtime(['diff', 'main', 'feature']);
    expectGolden('text.txt', masked(run));
    expect(run.stdout).to.include("  BREAKING  acme.create_ticket  input 'tags' became required  (affects flows/escalate.yaml:8:5)\n");
  });

  it('markdown output (golden): a pull-request comment with a summary table', async () => {
    const run = await project.runtime(['diff', 'main', 'feature', '--format', 'markdown']);
    expectGolden('markdown.md', masked(run));
    expect(run.stdout).to.include('| **Total** | **3** | **3** | **3** |');
  });

  it('json output (golden): stable keys, every change with its kind, place and affected flows', async () => {
    const run = await project.runtime(['diff', base, head, '--format', 'json']);
    expectGolden('json.json', masked(run));
    const data = JSON.parse(run.stdout) as { format: string; base: { commit: string }; counts: unknown; changes: { kind: string; affects: unknown[] }[] };
    expect(data.format).to.equal('runtime-diff/1');
    expect(data.base.commit).to.equal(base);
    expect(data.counts).to.deep.equal({ breaking: 3, risky: 3, safe: 3 });
    expect(data.changes.find((c) => c.kind === 'output-removed')?.affects).to.deep.equal([
      { flow: 'escalate', file: 'flows/escalate.yaml', line: 17, column: 13 },
    ]);
  });

  it('defaults to the merge base with main against the working tree', async () => {
    project.edit('flows/hello.yaml', 'hi: "1"', 'hi: "2"');
    try {
      const run = await project.runtime(['diff']);
      expect(run.exitCode).to.equal(0);
      expect(run.stdout.split('\n')[0]).to.equal(`Comparing merge base with main (${base.slice(0, 7)}) with the working tree`);
      expect(run.stdout).to.include('  SAFE      flow hello  flow added (manual)\n');
      const sameAsCommitted = await project.runtime(['diff', '--base-branch', 'main', 'main', 'HEAD']);
      expect(sameAsCommitted.stdout.split('\n').slice(1)).to.deep.equal(run.stdout.split('\n').slice(1));
    } finally {
      project.git('checkout', '-q', '--', 'flows/hello.yaml');
    }
  });

  it('--fail-on sets exit code 1 when a change at or above the level exists', async () => {
    expect((await project.runtime(['diff', 'main', 'feature'])).exitCode).to.equal(0);
    expect((await project.runtime(['diff', 'main', 'feature', '--fail-on', 'none'])).exitCode).to.equal(0);
    expect((await project.runtime(['diff', 'main', 'feature', '--fail-on', 'breaking'])).exitCode).to.equal(1);
    expect((await project.runtime(['diff', 'main', 'feature', '--fail-on', 'risky', '--format', 'json'])).exitCode).to.equal(1);
    // Between a revision and itself nothing changed: no level is reached.
    const same = await project.runtime(['diff', 'main', 'main', '--fail-on', 'safe']);
    expect(same.exitCode).to.equal(0);
    expect(same.stdout).to.equal(`Comparing main (${base.slice(0, 7)}) with main (${base.slice(0, 7)})\n\nNo changes to connectors or flows.\n`);
  });

  it('only safe changes do not fail --fail-on risky, but fail --fail-on safe', async () => {
    project.git('switch', '-q', '-c', 'docs-only', 'main');
    try {
      project.edit(ACME, 'help: Opens a ticket.', 'help: Opens a ticket, politely.');
      project.edit(ACME, 'version: 1.2.0', 'version: 1.2.1');
      expect((await project.runtime(['diff', '--fail-on', 'risky'])).exitCode).to.equal(0);
      expect((await project.runtime(['diff', '--fail-on', 'safe'])).exitCode).to.equal(1);
    } finally {
      project.git('checkout', '-q', '--', '.');
      project.git('switch', '-q', 'feature');
    }
  });

  it('colours the levels on a terminal, unless NO_COLOR is set', async () => {
    const coloured = await project.runtime(['diff', 'main', 'feature'], { stdoutIsTTY: true, env: {} });
    expect(coloured.stdout).to.include('\x1b[31mBREAKING\x1b[39m');
    const plain = await project.runtime(['diff', 'main', 'feature'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.to.include('\x1b[');
  });

  it('an unknown revision or base branch is a usage error (exit 2)', async () => {
    const unknown = await project.runtime(['diff', 'no-such-rev']);
    expect([unknown.exitCode, unknown.stdout, unknown.stderr]).to.deep.equal([2, '', "error: unknown revision 'no-such-rev'\n"]);
    const unknownHead = await project.runtime(['diff', 'main', 'nope~3']);
    expect([unknownHead.exitCode, unknownHead.stderr]).to.deep.equal([2, "error: unknown revision 'nope~3'\n"]);
    const branch = await project.runtime(['diff', '--base-branch', 'trunk']);
    expect([branch.exitCode, branch.stderr]).to.deep.equal([2, "error: unknown base branch 'trunk'\n"]);
    const format = await project.runtime(['diff', '--format', 'yaml']);
    expect(format.exitCode).to.equal(2);
  });

  it('a revision that looks like an option is refused, never passed to git as one', async () => {
    let error: unknown;
    try {
      await diffRevisions({ root: project.dir, base: '--output=/tmp/x' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(GitError);
    expect((error as GitError).kind).to.equal('unknown-revision');
  });

  describe('outside a usable repository', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'runtime-diff-nogit-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a folder that is not in a git repository is a usage error', async () => {
      const run = await runCli(['diff'], dir);
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.equal(`error: ${dir} is not inside a git repository (runtime diff compares git revisions)\n`);
    });

    it('a repository without commits, or without main or master, is a usage error', async () => {
      const empty = GitProject.create();
      try {
        const none = await empty.runtime(['diff']);
        expect([none.exitCode, none.stderr]).to.deep.equal([2, 'error: the repository has no commits yet: there is nothing to compare with\n']);
        empty.git('switch', '-q', '-c', 'develop');
        empty.commitBase();
        const noMain = await empty.runtime(['diff']);
        expect([noMain.exitCode, noMain.stderr]).to.deep.equal([
          2,
          "error: no branch 'main' or 'master' to compare with: name the base revision or use --base-branch\n",
        ]);
        empty.git('branch', 'master');
        const master = await empty.runtime(['diff']);
        expect(master.exitCode).to.equal(0);
        expect(master.stdout).to.match(/^Comparing merge base with master \([0-9a-f]{7}\) with the working tree\n/);
      } finally {
        empty.dispose();
      }
    });
  });

  it('a project in a subfolder of the repository reads its own connectors/ and flows/', async () => {
    const repo = GitProject.create();
    try {
      repo.write('README.md', 'top\n');
      repo.write('integrations/connectors/tiny.yaml', 'kind: connector\nname: tiny\nversion: 1.0.0\nbaseUrl: https://tiny.example\nauth: { type: none }\n');
      repo.commitAll('base');
      repo.write('integrations/connectors/tiny.yaml', 'kind: connector\nname: tiny\nversion: 1.0.0\nbaseUrl: https://tiny.example\nauth: { type: none }\nhosts: [cdn.tiny.example]\n');
      const run = await runCli(['diff', '--project', 'integrations', '--format', 'json'], repo.dir);
      const data = JSON.parse(run.stdout) as { changes: { kind: string; at: { file: string } }[] };
      expect(data.changes.map((c) => `${c.kind} ${c.at.file}`)).to.deep.equal(['version-not-raised connectors/tiny.yaml', 'hosts-added connectors/tiny.yaml']);
    } finally {
      repo.dispose();
    }
  });
});
