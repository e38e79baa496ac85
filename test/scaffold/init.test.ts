// `runtime init` in a temporary folder, then the commands a new user runs next: validate, fmt --check, test.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli } from '../cli/run-cli.js';

const PACKAGE_SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));

const EXPECTED_FILES = [
  '.gitignore',
  '.vscode/settings.json',
  'README.md',
  'connectors/cassettes/jsonplaceholder/create-post-returns-the-new-id.yaml',
  'connectors/cassettes/jsonplaceholder/get-post-reads-the-title.yaml',
  'connectors/cassettes/jsonplaceholder/polling-emits-posts-newer-than-the-cursor.yaml',
  'connectors/jsonplaceholder.test.yaml',
  'connectors/jsonplaceholder.yaml',
  'flows/new-post-reply.yaml',
  'schemas/connector-test.schema.json',
  'schemas/connector.schema.json',
  'schemas/flow.schema.json',
];

describe('runtime init', () => {
  let tmp: string;
  let project: string;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'init-'));
    project = path.join(tmp, 'integrations');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('creates the project folder and lists every file it wrote', async () => {
    const run = await runCli(['init', 'integrations'], tmp);
    expect(run.exitCode).to.equal(0);
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.equal(
      `${EXPECTED_FILES.map((f) => `created integrations/${f}\n`).join('')}next: runtime validate, runtime test, and see README.md\n`,
    );
    for (const file of EXPECTED_FILES) expect(existsSync(path.join(project, file)), file).to.equal(true);
  });

  it('gives a project that passes validate, fmt --check and (offline) test', async () => {
    await runCli(['init', project], tmp);
    const validate = await runCli(['validate'], project);
    expect(validate.stdout).to.equal('✔ 2 files valid\n');
    expect(validate.exitCode).to.equal(0);
    const fmt = await runCli(['fmt', '--check'], project);
    expect(fmt).to.deep.include({ exitCode: 0, stdout: '✔ 3 files already formatted\n' });
    // The example connector's test cases replay their cassettes: no network.
    const test = await runCli(['test'], project);
    expect(test.stdout).to.match(/\n3 passed, 0 failed/);
    expect(test.exitCode).to.equal(0);
  });

  it('uses the project folder when no folder is given', async () => {
    const run = await runCli(['init'], tmp);
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.include('created connectors/jsonplaceholder.yaml\n');
    expect(existsSync(path.join(tmp, 'flows/new-post-reply.yaml'))).to.equal(true);
  });

  it('maps the schemas for editors and copies them, so every schema comment resolves', async () => {
    await runCli(['init', project], tmp);
    const settings = JSON.parse(readFileSync(path.join(project, '.vscode/settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
    expect(settings['yaml.schemas']).to.deep.equal({
      './schemas/connector.schema.json': ['connectors/*.yaml'],
      './schemas/flow.schema.json': ['flows/*.yaml'],
      './schemas/connector-test.schema.json': ['connectors/*.test.yaml'],
    });
    for (const schema of Object.keys(settings['yaml.schemas'])) expect(existsSync(path.join(project, schema)), schema).to.equal(true);
    for (const name of readdirSync(PACKAGE_SCHEMAS).filter((n) => n.endsWith('.schema.json'))) {
      expect(readFileSync(path.join(project, 'schemas', name), 'utf8'), name).to.equal(readFileSync(path.join(PACKAGE_SCHEMAS, name), 'utf8'));
    }
    for (const file of ['connectors/jsonplaceholder.yaml', 'connectors/jsonplaceholder.test.yaml', 'flows/new-post-reply.yaml']) {
      const first = readFileSync(path.join(project, file), 'utf8').split('\n')[0]!;
      const target = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
      expect(target, `${file} starts with a schema comment`).to.be.a('string');
      expect(existsSync(path.resolve(path.dirname(path.join(project, file)), target!)), `${file} -> ${target}`).to.equal(true);
    }
  });

  it('ignores the runtime state in git and keeps the example flow disabled', async () => {
    await runCli(['init', project], tmp);
    expect(readFileSync(path.join(project, '.gitignore'), 'utf8').split('\n')).to.include('.data/');
    expect(readFileSync(path.join(project, 'flows/new-post-reply.yaml'), 'utf8')).to.include('\nenabled: false\n');
  });

  it('reports a target that is a file (exit 1)', async () => {
    writeFileSync(path.join(tmp, 'taken'), 'x');
    const run = await runCli(['init', 'taken'], tmp);
    expect(run).to.deep.include({ exitCode: 1, stdout: '', stderr: 'error: taken exists and is not a folder\n' });
  });

  it('refuses to overwrite existing files, writes nothing, and overwrites them with --force', async () => {
    await runCli(['init', project], tmp);
    writeFileSync(path.join(project, 'README.md'), 'my own readme\n');
    rmSync(path.join(project, 'flows/new-post-reply.yaml'));
    const refused = await runCli(['init', project], tmp);
    expect(refused.exitCode).to.equal(1);
    expect(refused.stdout).to.equal('');
    expect(refused.stderr).to.include('error: integrations/README.md already exists\n');
    expect(refused.stderr).to.include('error: integrations/connectors/jsonplaceholder.yaml already exists\n');
    expect(refused.stderr).to.match(/nothing was written; use --force to overwrite\n$/);
    expect(readFileSync(path.join(project, 'README.md'), 'utf8')).to.equal('my own readme\n');
    expect(existsSync(path.join(project, 'flows/new-post-reply.yaml'))).to.equal(false);

    const forced = await runCli(['init', project, '--force'], tmp);
    expect(forced.exitCode).to.equal(0);
    expect(readFileSync(path.join(project, 'README.md'), 'utf8')).to.match(/^# Integrations\n/);
    expect(existsSync(path.join(project, 'flows/new-post-reply.yaml'))).to.equal(true);
  });
});
