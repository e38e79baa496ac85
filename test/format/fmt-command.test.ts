// `runtime fmt` through main(), on a copy of test/fixtures/format/project/ in a temporary folder.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli } from '../cli/run-cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/format/project/', import.meta.url));
const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('runtime fmt', () => {
  let dir: string;
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fmt-'));
    cpSync(FIXTURE, dir, { recursive: true });
    cpSync(SCHEMAS, path.join(dir, 'schemas'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--check lists the files that would change with the first lines of a diff, writes nothing and exits 1', async () => {
    const before = read('connectors/shop.yaml');
    const run = await runCli(['fmt', '--check'], dir);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.include('would reformat connectors/shop.yaml\n');
    expect(run.stdout).to.include('would reformat connectors/shop.test.yaml\n');
    expect(run.stdout).to.include('    @@ line 1 @@\n');
    expect(run.stdout).to.include('    - name: shop\n');
    expect(run.stdout).to.include('    + name: shop\n');
    expect(run.stdout).to.include('    … 8 more changed lines\n');
    expect(run.stdout).not.to.include('order-report');
    expect(run.stdout).to.match(/✖ 2 files not formatted: run `runtime fmt`; 1 already formatted\n$/);
    expect(read('connectors/shop.yaml')).to.equal(before);
  });

  it('writes the canonical layout, after which --check passes', async () => {
    const run = await runCli(['fmt'], dir);
    expect(run.stdout).to.equal(
      'formatted connectors/shop.test.yaml\nformatted connectors/shop.yaml\n✔ 2 files formatted, 1 already formatted\n',
    );
    expect(run.exitCode).to.equal(0);
    expect(read('connectors/shop.yaml')).to.equal(
      [
        '# yaml-language-server: $schema=../schemas/connector.schema.json',
        '# A small shop service, written with keys out of the canonical order.',
        'kind: connector',
        'name: shop',
        'title: Shop',
        'version: 1.0.0',
        'baseUrl: https://shop.example.com/api',
        'auth: { type: none }',
        'actions:',
        '  get_order:',
        '    title: Get Order',
        '    inputs:',
        '      id: { title: Order ID, type: text, required: true }',
        '    outputs:',
        '      total: { title: Total, type: number }',
        '    steps:',
        '      - id: order',
        '        request: { method: GET, url: "/orders/{{path inputs.id}}" }',
        '      - return:',
        '          total: steps.order.body.total',
        '',
      ].join('\n'),
    );
    expect(read('connectors/shop.test.yaml')).to.match(/^# yaml-language-server: \$schema=\.\.\/schemas\/connector-test\.schema\.json\nkind: connector-test\nconnector: shop\n/);
    const again = await runCli(['fmt', '--check'], dir);
    expect(again).to.deep.include({ exitCode: 0, stdout: '✔ 3 files already formatted\n' });
  });

  it('never touches recorded cassettes', async () => {
    const cassette = read('connectors/cassettes/shop/reads-an-order.yaml');
    await runCli(['fmt'], dir);
    expect(read('connectors/cassettes/shop/reads-an-order.yaml')).to.equal(cassette);
  });

  it('formats only the paths given, relative to where it runs', async () => {
    const run = await runCli(['--project', dir, 'fmt', 'shop.test.yaml'], path.join(dir, 'connectors'));
    expect(run.stdout).to.equal('formatted connectors/shop.test.yaml\n✔ 1 file formatted, 0 already formatted\n');
    expect(read('connectors/shop.yaml')).to.match(/^# A small shop service/);
  });

  it('leaves a file with YAML errors or hostile content alone, reports it and exits 1', async () => {
    const broken = 'kind: flow\nname: "unterminated\n';
    const hostile = 'kind: flow\nname: evil\n__proto__: { polluted: true }\n';
    const merge = 'kind: flow\nbase: &b { title: T }\nname: merged\n<<: *b\n';
    write('flows/broken.yaml', broken);
    write('flows/hostile.yaml', hostile);
    write('flows/merge.yaml', merge);
    const run = await runCli(['fmt'], dir);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.include('flows/broken.yaml:3:1  error  YAML_SYNTAX');
    expect(run.stdout).to.include("flows/hostile.yaml:3:1  error  YAML_FORBIDDEN_KEY  the key '__proto__' is not allowed\n");
    expect(run.stdout).to.include('flows/merge.yaml:4:1  error  YAML_MERGE_KEY');
    expect(run.stdout).to.match(/✖ 2 files formatted; 3 files left alone because of the problems above; 1 already formatted\n$/);
    expect(read('flows/broken.yaml')).to.equal(broken);
    expect(read('flows/hostile.yaml')).to.equal(hostile);
    expect(read('flows/merge.yaml')).to.equal(merge);
    // The other files were still formatted.
    expect(read('connectors/shop.yaml')).to.match(/^# yaml-language-server/);
  });

  it('skips a YAML file that is not a definition, and says so', async () => {
    write('flows/notes.yaml', 'todo: [write, more, flows]\n');
    const run = await runCli(['fmt', '--check', 'flows'], dir);
    expect(run).to.deep.include({
      exitCode: 0,
      stdout: 'skipped flows/notes.yaml: no `kind: connector|flow|connector-test`\n✔ 1 file already formatted\n',
    });
  });

  it('reports a path that does not exist (exit 1)', async () => {
    const run = await runCli(['fmt', 'nowhere'], dir);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.include('nowhere:1:1  error  FILE_UNREADABLE  no such file or folder\n');
  });

  it('finds the bundled connectors and flows of this repository formatted (CI runs `runtime fmt --check`)', async () => {
    const run = await runCli(['fmt', '--check'], REPO);
    expect(run.stdout).to.match(/^✔ \d+ files already formatted\n$/);
    expect(run.exitCode).to.equal(0);
  });
});
