// Test files are checked like definitions before anything runs: every problem of every file, each with its code
// and position (schema problems, unknown cards and fields, secrets in fixtures, conflicting keys, assertions that
// do not compile). The expected output is a golden file: UPDATE_GOLDEN=1 rewrites it.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli, goldenText } from '../cli/run-cli.js';
import { copyFixtureProject, type ProjectCopy } from './project-copy.js';

const BROKEN = fileURLToPath(new URL('../fixtures/testing/broken-test-files/', import.meta.url));

describe('testing: test files are validated before anything runs', () => {
  let project: ProjectCopy | undefined;
  afterEach(() => project?.remove());

  it('reports every problem of every test file with its position, and exits 1', async () => {
    project = copyFixtureProject();
    for (const file of ['shop.test.yaml', 'notes.test.yaml']) copyFileSync(path.join(BROKEN, file), path.join(project.root, 'connectors', file));
    const run = await runCli(['--project', project.root, 'test'], process.cwd());
    const expectedFile = path.join(BROKEN, 'expected.txt');
    if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, goldenText(run));
    expect(goldenText(run)).to.equal(readFileSync(expectedFile, 'utf8'));
    expect(run.exitCode).to.equal(1);
  });

  it('refuses a test file for a connector the project does not define', async () => {
    project = copyFixtureProject();
    project.write('connectors/shop.test.yaml', 'kind: connector-test\nconnector: shopp\ncases:\n  - { name: x, card: get_item }\n');
    const run = await runCli(['--project', project.root, 'test'], process.cwd());
    expect(run.stderr).to.include("connectors/shop.test.yaml:2:12  error  REF_UNKNOWN_CONNECTOR  no connector 'shopp' in the project (did you mean 'shop'?)");
    expect(run.exitCode).to.equal(1);
  });

  it('refuses a find or deregister case for a webhook that has no such flow', async () => {
    project = copyFixtureProject();
    project.write('connectors/shop.test.yaml', 'kind: connector-test\nconnector: shop\ncases:\n  - { name: find, webhook: item_created, phase: find }\n  - { name: gone, webhook: item_created, phase: deregister }\n');
    const run = await runCli(['--project', project.root, 'test'], process.cwd());
    expect(run.stderr).to.include('REF_UNKNOWN_FLOW  the webhook of shop.item_created has no find flow');
    expect(run.stderr).to.include('REF_UNKNOWN_FLOW  the webhook of shop.item_created has no deregister flow');
    expect(run.exitCode).to.equal(1);
  });

  it('checks file inputs: {file: <path>} relative to the test file, inside the project, existing', async () => {
    project = copyFixtureProject();
    project.write('connectors/upl.yaml', [
      'kind: connector', 'name: upl', 'title: Uploads', 'version: 1.0.0', 'baseUrl: https://upl.example', 'auth: { type: none }',
      'actions:', '  put:', '    inputs:', '      doc: { type: file, required: true }', '      docs: { type: file, list: true }',
      '    steps:', '      - return: inputs.doc.name', '',
    ].join('\n'));
    mkdirSync(path.join(project.root, 'connectors', 'fixtures'));
    project.write('connectors/fixtures/a.txt', 'hello');
    project.write('connectors/upl.test.yaml', [
      'kind: connector-test', 'connector: upl', 'cases:',
      '  - { name: fine, card: put, inputs: { doc: { file: fixtures/a.txt }, docs: [{ file: fixtures/a.txt, name: b.txt }] } }',
      '  - { name: bare path, card: put, inputs: { doc: fixtures/a.txt } }',
      '  - { name: missing, card: put, inputs: { doc: { file: fixtures/nope.txt } } }',
      '  - { name: outside, card: put, inputs: { doc: { file: ../../etc/passwd } } }',
      '  - { name: not a list, card: put, inputs: { doc: { file: fixtures/a.txt }, docs: { file: fixtures/a.txt } } }', '',
    ].join('\n'));
    const run = await runCli(['--project', project.root, 'test', 'upl'], process.cwd());
    expect(run.stderr).to.include('connectors/upl.test.yaml:5:50  error  DEF_INVALID_VALUE  a file input is given as {file: <path>}');
    expect(run.stderr).to.include('DEF_INVALID_VALUE  no file fixtures/nope.txt (looked for connectors/fixtures/nope.txt)');
    expect(run.stderr).to.include('DEF_INVALID_VALUE  the file ../../etc/passwd is outside the project');
    expect(run.stderr).to.include("DEF_INVALID_VALUE  'docs' is a list of files");
    expect(run.stderr).to.not.include('upl.test.yaml:4:');
    expect(run.exitCode).to.equal(1);
  });

  it('refuses two cases that would write one cassette', async () => {
    project = copyFixtureProject();
    project.write('connectors/shop.test.yaml', 'kind: connector-test\nconnector: shop\ncases:\n  - { name: Get item!, card: get_item }\n  - { name: get item, card: get_item }\n');
    const run = await runCli(['--project', project.root, 'test'], process.cwd());
    expect(run.stderr).to.include("connectors/shop.test.yaml:5:13  error  DEF_DUPLICATE_NAME  case names 'Get item!' and 'get item' give the same cassette name 'get-item'");
    expect(run.exitCode).to.equal(1);
  });
});
