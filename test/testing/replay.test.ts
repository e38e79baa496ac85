// `runtime test`: connector test cases replayed offline from their cassettes. No server runs in this file: every
// response comes from test/fixtures/testing/project/connectors/cassettes/.
import { expect } from 'chai';
import { runCli } from '../cli/run-cli.js';
import { copyFixtureProject, FIXTURE_PROJECT, type ProjectCopy } from './project-copy.js';

/** Durations vary from run to run: `(12 ms)` becomes `(N ms)`. */
function stable(text: string): string {
  return text.replace(/\(\d+ ms\)/g, '(N ms)').replace(/(\d+ cases?), \d+ ms\)/g, '$1, N ms)');
}

describe('testing: runtime test replays cassettes offline', () => {
  let project: ProjectCopy | undefined;
  afterEach(() => {
    project?.remove();
    project = undefined;
  });

  it('passes every kind of case of the fixture: action, error, pagination, authping, polling, register, webhook deliveries, OAuth', async () => {
    const run = await runCli(['--project', FIXTURE_PROJECT, 'test'], process.cwd());
    expect(run.stderr).to.equal('');
    expect(stable(run.stdout)).to.equal(
      [
        '✔ notes › whoami sees the bearer token (N ms)',
        '✔ shop › get item returns the lamp (N ms)',
        '✔ shop › create item echoes the name (N ms)',
        '✔ shop › list items follows every page (N ms)',
        '✔ shop › a missing item is a 404 (N ms)',
        '✔ shop › authping labels the connection (N ms)',
        '✔ shop › polling returns new items and the next cursor (N ms)',
        '✔ shop › register returns the hook id and secret (N ms)',
        '✔ shop › a signed delivery stores its items (N ms)',
        '✔ shop › an unsigned delivery is refused (N ms)',
        '10 passed, 0 failed (10 cases, N ms)',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).to.equal(0);
  });

  it('runs only the named connector and cases', async () => {
    const run = await runCli(['--project', FIXTURE_PROJECT, 'test', 'shop', '--case', 'authping labels the connection', '--case', 'a missing item is a 404'], process.cwd());
    expect(stable(run.stdout)).to.equal(
      ['✔ shop › a missing item is a 404 (N ms)', '✔ shop › authping labels the connection (N ms)', '2 passed, 0 failed (2 cases, N ms)', ''].join('\n'),
    );
    expect(run.exitCode).to.equal(0);
  });

  it('says which expectation failed, with the expected and the actual value, and exits 1', async () => {
    project = copyFixtureProject();
    // The fixture's recordings (cassettes are named after the cases), wrong expectations.
    project.write(
      'connectors/shop.test.yaml',
      `kind: connector-test
connector: shop
connection: { host: shop.test }
cases:
  - name: get item returns the lamp
    card: get_item
    inputs: { id: 1 }
    expect:
      outputs: { name: Chair, price: 20 }
      assert: ["outputs.price > 100", "$count(outputs)"]
`,
    );
    const run = await runCli(['--project', project.root, 'test', 'shop'], process.cwd());
    expect(stable(run.stdout)).to.include(
      [
        '✖ shop › get item returns the lamp (N ms)',
        '    expected outputs.name "Chair", got "Lamp"',
        '    assertion failed: outputs.price > 100',
        '    assertion failed: $count(outputs) (gave 1)',
      ].join('\n'),
    );
    expect(stable(run.stdout)).to.match(/0 passed, 1 failed \(1 case, N ms\)\n$/);
    expect(run.exitCode).to.equal(1);
  });

  it('fails a case whose error differs from the expected one', async () => {
    project = copyFixtureProject();
    project.write(
      'connectors/shop.test.yaml',
      `kind: connector-test
connector: shop
connection: { host: shop.test }
cases:
  - name: a missing item is a 404
    card: get_item
    inputs: { id: 7 }
    expectError: { code: HTTP_STATUS, status: 410 }
  - name: get item returns the lamp
    card: get_item
    inputs: { id: 1 }
    expectError: { code: HTTP_STATUS }
`,
    );
    const run = await runCli(['--project', project.root, 'test', 'shop'], process.cwd());
    expect(run.stdout).to.include('    expected error status 410, got 404\n');
    expect(run.stdout).to.include('    expected error HTTP_STATUS, but the run succeeded\n');
    expect(run.exitCode).to.equal(1);
  });

  it('fails an unrecorded request and shows the closest recorded one with what differs', async () => {
    project = copyFixtureProject();
    project.write(
      'connectors/shop.test.yaml',
      `kind: connector-test
connector: shop
connection: { host: shop.test }
cases:
  - name: create item echoes the name
    card: create_item
    options: { currency: EUR }
    inputs: { name: Desks, price: 150 }
`,
    );
    const run = await runCli(['--project', project.root, 'test', 'shop'], process.cwd());
    expect(run.stdout).to.include(
      [
        '    TEST_UNRECORDED_REQUEST: POST /api/items?currency=EUR&key=<SECRET:apiKey> is not in connectors/cassettes/shop/create-item-echoes-the-name.yaml',
        '      closest recorded (#1): POST /api/items?currency=USD&key=<SECRET:apiKey>',
        '        query currency: sent EUR, recorded USD',
        '        body.name: sent "Desks", recorded "Desk"',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).to.equal(1);
  });

  it('fails an unrecorded request even when a try step catches its error', async () => {
    project = copyFixtureProject();
    project.write(
      'connectors/shop.test.yaml',
      `kind: connector-test
connector: shop
connection: { host: shop.test }
cases:
  - name: get item returns the lamp
    card: maybe_item
    inputs: { id: 2 }
    expect: { outputs: { found: false } }
`,
    );
    const run = await runCli(['--project', project.root, 'test', 'shop'], process.cwd());
    expect(run.stdout).to.include('TEST_UNRECORDED_REQUEST: GET /api/items/2?key=<SECRET:apiKey> is not in connectors/cassettes/shop/get-item-returns-the-lamp.yaml');
    expect(run.stdout).to.include('        path: sent /api/items/2, recorded /api/items/1\n');
    expect(run.exitCode).to.equal(1);
  });

  it('says how to record a case that has no cassette yet', async () => {
    project = copyFixtureProject();
    project.write(
      'connectors/shop.test.yaml',
      `kind: connector-test
connector: shop
connection: { host: shop.test }
cases:
  - name: chair costs 80
    card: get_item
    inputs: { id: 3 }
`,
    );
    const run = await runCli(['--project', project.root, 'test', 'shop'], process.cwd());
    expect(stable(run.stdout)).to.equal(
      [
        '✖ shop › chair costs 80 (N ms)',
        '    TEST_UNRECORDED_REQUEST: GET /api/items/3?key=<SECRET:apiKey> is not in connectors/cassettes/shop/chair-costs-80.yaml',
        '      there is no cassette for this case: record one with `runtime test --record`',
        '0 passed, 1 failed (1 case, N ms)',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).to.equal(1);
  });

  it('reports a broken cassette with its position instead of running the case', async () => {
    project = copyFixtureProject();
    project.write('connectors/cassettes/shop/authping-labels-the-connection.yaml', 'interactions:\n  - request: { method: GET, url: /api/me }\n    respons: { status: 200 }\n');
    const run = await runCli(['--project', project.root, 'test', '--case', 'authping labels the connection'], process.cwd());
    expect(run.stdout).to.include("    TEST_CASSETTE_INVALID: connectors/cassettes/shop/authping-labels-the-connection.yaml:3:5 DEF_UNKNOWN_PROPERTY unknown property 'respons' (did you mean 'response'?)");
    expect(run.exitCode).to.equal(1);
  });

  it('exits 2 on usage errors: unknown connector, unknown case, --connection without --record', async () => {
    const unknownConnector = await runCli(['--project', FIXTURE_PROJECT, 'test', 'shopp'], process.cwd());
    expect(unknownConnector.stderr).to.equal("error: no connector 'shopp' in the project\n");
    expect(unknownConnector.exitCode).to.equal(2);
    const unknownCase = await runCli(['--project', FIXTURE_PROJECT, 'test', '--case', 'nope'], process.cwd());
    expect(unknownCase.stderr).to.equal("error: no test case named 'nope'\n");
    expect(unknownCase.exitCode).to.equal(2);
    const stray = await runCli(['--project', FIXTURE_PROJECT, 'test', '--connection', 'live'], process.cwd());
    expect(stray.stderr).to.equal('error: --connection is used with --record; offline runs need no connection\n');
    expect(stray.exitCode).to.equal(2);
  });

  it('passes with a note when the project has no test cases', async () => {
    project = copyFixtureProject();
    const { rmSync } = await import('node:fs');
    rmSync(`${project.root}/connectors/shop.test.yaml`);
    rmSync(`${project.root}/connectors/notes.test.yaml`);
    const run = await runCli(['--project', project.root, 'test'], process.cwd());
    expect(run.stdout).to.equal('no connector test cases found (connectors/*.test.yaml)\n');
    expect(run.exitCode).to.equal(0);
  });
});
