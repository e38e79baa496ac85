// README.md promises a newcomer that every command in it works. COVERAGE maps each of its commands to the case
// here that runs it; a command the table does not know fails the suite. The tutorial runs as written, in a
// temporary folder, through the built CLI, against a local stand-in of JSONPlaceholder (no internet here).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ensureBuilt, REPO } from '../e2e/runtime-process.js';
import { waitUntil } from '../e2e/wait-until.js';
import { startFakeJsonPlaceholder, type FakeJsonPlaceholder } from './fake-jsonplaceholder.js';
import { parseReadme, readmeCommands, section, type ReadmeElement } from './readme-document.js';
import { TutorialShell, type CommandResult, type RunningCommand } from './tutorial-shell.js';

const BIN = path.join(REPO, 'bin/runtime.js');
const README = parseReadme(readFileSync(path.join(REPO, 'README.md'), 'utf8'));
const TUTORIAL = 'Five-minute tutorial';
const CONNECTOR_OVERVIEW = 'What is in a connector';

const CASES = {
  start: 'npm start serves the bundled project on 127.0.0.1 with the embedded store, and stops on SIGTERM',
  test: 'npm test is the suite CI runs',
  tutorial: 'the five-minute tutorial runs as written',
  overview: `the example of '${CONNECTOR_OVERVIEW}' is a valid connector`,
} as const;

/** Every command of README.md, and the case below that runs or checks it. */
const COVERAGE: Readonly<Record<string, string>> = {
  'npm ci && npm start': CASES.start,
  'npm ci': CASES.start,
  'npm start': CASES.start,
  'npm test': CASES.test,
  'npx runtime init my-project': CASES.tutorial,
  'cd my-project': CASES.tutorial,
  'npx runtime validate': CASES.tutorial,
  'npx runtime run todos.get_todo --input \'{"id": 1}\'': CASES.tutorial,
  'npx runtime connections create todos --name todos': CASES.tutorial,
  'npx runtime run todo-status --input \'{"id": 1}\'': CASES.tutorial,
  'npx runtime trigger todo-status --input \'{"id": 4}\'': CASES.tutorial,
  'npx runtime start': CASES.tutorial,
  'npx runtime executions list': CASES.tutorial,
  'npx runtime test --record todos': CASES.tutorial,
  'npx runtime test': CASES.tutorial,
  'npx runtime fmt': CASES.tutorial,
  'git init -b main && git add . && git commit -m "todos connector and flow"': CASES.tutorial,
  'npx runtime diff': CASES.tutorial,
  'npx runtime diff origin/main HEAD --fail-on breaking': CASES.tutorial,
};

interface TutorialContext {
  readonly shell: TutorialShell;
  readonly fake: FakeJsonPlaceholder;
  /** The project the tutorial creates: <temp>/my-project. */
  readonly project: string;
  /** What the tutorial wrote into each file, by path relative to the project. */
  readonly written: Map<string, string>;
  /** How many requests the stand-in had received when the offline replay began. */
  requestsBeforeReplay: number;
}

interface TutorialStep {
  /** What the reader does by hand before the command (an edit the prose asks for). */
  readonly before?: (ctx: TutorialContext) => Promise<void>;
  /** For a command that serves until Ctrl-C: what happens while it runs. */
  readonly whileServing?: (running: RunningCommand, ctx: TutorialContext) => Promise<void>;
  readonly exitCode?: number;
  readonly check?: (result: CommandResult, ctx: TutorialContext) => unknown;
}

/** What each tutorial command must do, beyond exiting 0 and printing any output the README shows for it. */
const TUTORIAL_STEPS: Readonly<Record<string, TutorialStep>> = {
  'npx runtime init my-project': {
    check: (_, { project }) => {
      expect(existsSync(path.join(project, 'connectors/jsonplaceholder.yaml'))).to.equal(true);
      expect(existsSync(path.join(project, 'schemas/connector.schema.json'))).to.equal(true);
    },
  },
  'cd my-project': {
    check: (_, { shell, project }) => expect(shell.cwd).to.equal(project),
  },
  'npx runtime validate': {
    // The example connector and flow of `init`, and the tutorial's connector.
    check: (result) => expect(result.stdout).to.equal('✔ 3 files valid\n'),
  },
  'npx runtime run todos.get_todo --input \'{"id": 1}\'': {
    check: (result, { fake }) => {
      expect(fake.requests).to.deep.equal(['GET /todos/1']);
      expect(result.stderr).to.match(/^execution [0-9a-f-]{36}\n$/);
    },
  },
  'npx runtime connections create todos --name todos': {
    check: (result) => expect(result.stdout).to.contain('✔ created connection todos/todos'),
  },
  'npx runtime run todo-status --input \'{"id": 1}\'': {
    check: (result) => expect(JSON.parse(result.stdout)).to.deep.equal({ message: 'delectus aut autem is still open' }),
  },
  'npx runtime trigger todo-status --input \'{"id": 4}\'': {
    check: (result) => expect(result.stdout).to.match(/^queued event \S+ for flow todo-status/),
  },
  'npx runtime start': {
    whileServing: async (running, { shell }) => {
      await waitUntil(() => running.stdout().includes('"msg":"runtime started"'), {
        timeoutMs: 20_000,
        what: () => `"runtime started"; got:\n${running.stdout()}${running.stderr()}`,
      });
      // Ctrl-C once the queued event ran.
      let events: unknown;
      await waitUntil(async () => {
        events = (JSON.parse((await shell.run('npx runtime status --json')).stdout) as { events: unknown }).events;
        return JSON.stringify(events) === JSON.stringify({ pending: 0, running: 0, succeeded: 1, failed: 0 });
      }, { timeoutMs: 20_000, intervalMs: 200, what: () => `the triggered event to succeed; events: ${JSON.stringify(events)}` });
    },
    check: (result, { fake }) => {
      expect(fake.requests).to.include('GET /todos/4');
      expect(result.stdout).to.contain('"msg":"stopped"');
    },
  },
  'npx runtime executions list': {
    check: (result) => {
      const rows = result.stdout.trimEnd().split('\n').slice(1).map((row) => row.split(/\s+/).slice(1, 3).join(' '));
      // Newest first: the triggered run, the flow run, the action run.
      expect(rows).to.deep.equal(['succeeded todo-status', 'succeeded todo-status', 'succeeded todos.get_todo']);
    },
  },
  'npx runtime test --record todos': {
    check: (result, { project }) => {
      expect(result.stdout).to.contain('recorded 1 interaction in connectors/cassettes/todos/get-todo-reads-title-and-status.yaml');
      expect(existsSync(path.join(project, 'connectors/cassettes/todos/get-todo-reads-title-and-status.yaml'))).to.equal(true);
    },
  },
  'npx runtime test': {
    before: async (ctx) => { ctx.requestsBeforeReplay = ctx.fake.requests.length; },
    check: (result, { fake, requestsBeforeReplay }) => {
      expect(result.stdout).to.contain('✔ todos › get todo reads title and status');
      expect(result.stdout).to.match(/^4 passed, 0 failed \(4 cases, /m);
      expect(fake.requests.length, 'the replay sends nothing').to.equal(requestsBeforeReplay);
    },
  },
  'npx runtime fmt': {
    // The README's files are already in the canonical layout: a reader sees nothing rewritten.
    check: (result, { project, written }) => {
      expect(result.stdout).to.not.contain('formatted connectors/todos');
      for (const [file, text] of written) expect(readFileSync(path.join(project, file), 'utf8'), file).to.equal(text);
    },
  },
  'git init -b main && git add . && git commit -m "todos connector and flow"': {
    check: async (_, { shell }) => {
      expect((await shell.run('git status --porcelain')).stdout).to.equal('');
      const files = (await shell.run('git ls-files')).stdout.split('\n');
      expect(files).to.include.members(['connectors/todos.yaml', 'connectors/cassettes/todos/get-todo-reads-title-and-status.yaml']);
      expect(files.filter((f) => f.startsWith('.data/')), 'the data folder stays out of git').to.deep.equal([]);
    },
  },
  'npx runtime diff': {
    // "delete the `done` output from connectors/todos.yaml (its line under `outputs:` and the one under `return:`)"
    before: async ({ project }) => {
      const file = path.join(project, 'connectors/todos.yaml');
      const lines = readFileSync(file, 'utf8').split('\n');
      const kept = lines.filter((line) => !/^\s+done:/.test(line));
      expect(lines.length - kept.length, 'lines deleted').to.equal(2);
      writeFileSync(file, kept.join('\n'));
    },
  },
  'npx runtime diff origin/main HEAD --fail-on breaking': {
    // A pull request: the change is committed on top of what origin/main has.
    before: async ({ shell }) => {
      expect((await shell.run('git update-ref refs/remotes/origin/main HEAD')).code).to.equal(0);
      expect((await shell.run('git commit -q -a -m "remove the done output"')).code).to.equal(0);
    },
    exitCode: 1,
    check: async (result, { shell }) => {
      expect(result.stdout).to.contain("BREAKING  todos.get_todo  output 'done' removed  (affects flows/todo-status.yaml:18:16)");
      const markdown = await shell.run('npx runtime diff origin/main HEAD --format markdown');
      expect(markdown.code).to.equal(0);
      expect(markdown.stdout).to.match(/^\|.*output 'done' removed/m);
    },
  },
};

/** The child processes' environment: no RUNTIME_* or git settings of the machine; any free port for `start`. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('RUNTIME_') && !name.startsWith('GIT_')) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Tutorial Reader',
  GIT_AUTHOR_EMAIL: 'reader@example.com',
  GIT_COMMITTER_NAME: 'Tutorial Reader',
  GIT_COMMITTER_EMAIL: 'reader@example.com',
};

/** Commit ids differ on every run. */
function withoutCommitIds(text: string): string {
  return text.replace(/\(([0-9a-f]{7,40})\)/g, '(<commit>)');
}

/** The README's connector calls the real service; the test's copy calls the local stand-in. */
function pointAtFake(file: string, text: string, fake: FakeJsonPlaceholder): string {
  if (file !== 'connectors/todos.yaml') return text;
  const local = text.replace('baseUrl: https://jsonplaceholder.typicode.com\n', `baseUrl: ${fake.url}\nallowPrivateNetwork: true\n`);
  expect(local, 'the tutorial connector calls https://jsonplaceholder.typicode.com').to.not.equal(text);
  return local;
}

function readPackageJson(): { scripts: Record<string, string>; bin: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
}

function startedLine(stdout: string): Record<string, unknown> | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.includes('"msg":"runtime started"')) continue;
    return JSON.parse(line) as Record<string, unknown>;
  }
  return undefined;
}

describe('README.md', function () {
  this.timeout(180_000);
  const temp: string[] = [];
  const shells: TutorialShell[] = [];

  function tempDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    temp.push(dir);
    return dir;
  }

  function shellIn(root: string, env: NodeJS.ProcessEnv): TutorialShell {
    const shell = new TutorialShell(root, BIN, env);
    shells.push(shell);
    return shell;
  }

  before(() => {
    ensureBuilt();
  });

  after(async () => {
    await Promise.all(shells.map((s) => s.killLeftovers()));
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('has no command that no case covers, and every code block is used', () => {
    const commands = readmeCommands(README);
    expect(commands.filter((c) => !(c in COVERAGE)), 'README commands missing from COVERAGE').to.deep.equal([]);
    expect(Object.keys(COVERAGE).filter((c) => !commands.includes(c)), 'COVERAGE commands no longer in README').to.deep.equal([]);
    expect(Object.values(COVERAGE).filter((c) => !Object.values(CASES).includes(c as never))).to.deep.equal([]);

    const quickStart = section(README, 'Quick start').filter((e) => e.kind === 'sh');
    expect(quickStart.flatMap((e) => e.commands), 'the quick start is two commands').to.deep.equal(['npm ci && npm start', 'npm test']);

    const tutorialCommands = readmeCommands(section(README, TUTORIAL));
    expect(tutorialCommands.filter((c) => COVERAGE[c] !== CASES.tutorial), 'tutorial commands the tutorial case does not run').to.deep.equal([]);
    expect(Object.keys(TUTORIAL_STEPS), 'TUTORIAL_STEPS follows the tutorial, in order').to.deep.equal(tutorialCommands);

    README.forEach((e, i) => {
      if (e.kind === 'output') expect(README[i - 1]?.kind, `README.md:${e.line}: an output block follows a command block`).to.equal('sh');
    });
    const yaml = README.filter((e) => e.kind === 'yaml');
    const overview = section(README, CONNECTOR_OVERVIEW).filter((e) => e.kind === 'yaml');
    const tutorialFiles = section(README, TUTORIAL).filter((e) => e.kind === 'yaml' && e.file !== undefined);
    expect(overview).to.have.length(1);
    expect(yaml.length, 'every YAML block is a tutorial file or the connector overview').to.equal(overview.length + tutorialFiles.length);
  });

  it('links every docs page, and its links lead to files that exist', () => {
    const text = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
    expect(links.filter((l) => !existsSync(path.join(REPO, l.split('#')[0]!))), 'broken links').to.deep.equal([]);
    const pages = readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
    expect(pages.filter((p) => !links.includes(p)), 'docs pages the README does not link').to.deep.equal([]);
  });

  it(CASES.start, async () => {
    const pkg = readPackageJson();
    // `npm ci` builds dist/ through `prepare`; `npm start` runs the built CLI on the repository's project.
    expect(pkg.scripts.prepare).to.equal('npm run build');
    expect(pkg.scripts.build).to.equal('tsc -p tsconfig.build.json');
    expect(pkg.scripts.start).to.equal('node bin/runtime.js start');
    // npx finds `runtime` inside the repository through the package's own bin.
    expect(pkg.bin.runtime).to.equal('bin/runtime.js');

    const shell = shellIn(REPO, cleanEnv());
    // What the README says `npm start` serves on and where it keeps its data: the defaults of `start`.
    const help = (await shell.run('node bin/runtime.js start --help')).stdout.replace(/\s+/g, ' ');
    expect(help).to.contain('default 127.0.0.1').and.contain('default 8080').and.contain('default <project>/.data');

    const dataDir = path.join(tempDir(), 'data');
    const result = await shell.serve(`${pkg.scripts.start} --port 0 --data-dir ${dataDir}`, async (running) => {
      await waitUntil(() => startedLine(running.stdout()) !== undefined, {
        timeoutMs: 20_000,
        what: () => `"runtime started"; got:\n${running.stdout()}${running.stderr()}`,
      });
      const started = startedLine(running.stdout())!;
      expect(started.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(started.dataDir).to.equal(dataDir);
      expect(started.enabled, 'the bundled flows are disabled').to.deep.equal([]);
      expect(started.flows).to.be.greaterThan(0);

      const health = await fetch(`${String(started.url)}/health`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const metrics = await fetch(`${String(started.url)}/metrics`);
      expect(metrics.status).to.equal(200);
      expect(await metrics.text()).to.contain('runtime_http_requests_total{route="health",status="200"} 1');
      // The embedded store: one SQLite file in the data folder.
      expect(existsSync(path.join(dataDir, 'runtime.db'))).to.equal(true);
    });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.contain('"msg":"stopped"');
  });

  it(CASES.test, () => {
    // Not re-run here (this is it): the script runs every test file, and CI runs the script.
    expect(readPackageJson().scripts.test).to.equal("mocha 'test/**/*.test.ts'");
    expect(readFileSync(path.join(REPO, '.ci/run'), 'utf8')).to.match(/^npm test\b/m);
  });

  it(CASES.tutorial, async () => {
    const fake = await startFakeJsonPlaceholder();
    try {
      const root = tempDir();
      const shell = shellIn(root, cleanEnv({ ...GIT_ENV, RUNTIME_PORT: '0' }));
      const ctx: TutorialContext = { shell, fake, project: path.join(root, 'my-project'), written: new Map(), requestsBeforeReplay: 0 };
      let last: { command: string; result: CommandResult } | undefined;

      for (const element of section(README, TUTORIAL)) {
        if (element.kind === 'yaml') {
          if (element.file === undefined) throw new Error(`README.md:${element.line}: a tutorial YAML block must say which file it is`);
          const text = pointAtFake(element.file, element.text, fake);
          mkdirSync(path.dirname(path.join(shell.cwd, element.file)), { recursive: true });
          writeFileSync(path.join(shell.cwd, element.file), text);
          ctx.written.set(element.file, text);
        } else if (element.kind === 'sh' || element.kind === 'inline') {
          for (const command of element.kind === 'sh' ? element.commands : [element.command]) {
            last = { command, result: await runTutorialStep(command, ctx) };
          }
        } else if (element.kind === 'output') {
          expect(withoutCommitIds(last!.result.stdout), `README.md:${element.line}: output of ${last!.command}`).to.equal(withoutCommitIds(element.text));
        }
      }
    } finally {
      await fake.close();
    }
  });

  it(CASES.overview, async () => {
    const [example] = section(README, CONNECTOR_OVERVIEW).filter((e): e is Extract<ReadmeElement, { kind: 'yaml' }> => e.kind === 'yaml');
    const project = tempDir();
    mkdirSync(path.join(project, 'connectors'));
    writeFileSync(path.join(project, 'connectors/helpdesk.yaml'), example!.text);
    const result = await shellIn(project, cleanEnv()).run('npx runtime validate');
    expect(result.stdout + result.stderr).to.equal('✔ 1 file valid\n');
    expect(result.code).to.equal(0);
  });
});

async function runTutorialStep(command: string, ctx: TutorialContext): Promise<CommandResult> {
  const step = TUTORIAL_STEPS[command];
  if (step === undefined) throw new Error(`no TUTORIAL_STEPS entry for the tutorial command: ${command}`);
  await step.before?.(ctx);
  const result = step.whileServing
    ? await ctx.shell.serve(command, (running) => step.whileServing!(running, ctx))
    : await ctx.shell.run(command);
  expect(result.code, `exit code of ${command}\n${result.stdout}${result.stderr}`).to.equal(step.exitCode ?? 0);
  await step.check?.(result, ctx);
  return result;
}
