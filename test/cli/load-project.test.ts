// loadProject on real files in temp folders: what is searched, what is refused before reading, how paths read.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadProject } from '../../src/project/load-project.js';
import { runCli } from './run-cli.js';

describe('loadProject', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'load-project-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (file: string, text: string | Buffer) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it('accepts a project without connectors/ or flows/ folders', async () => {
    const loaded = await loadProject(root);
    expect(loaded.diagnostics).to.deep.equal([]);
    expect(loaded.files).to.deep.equal([]);
  });

  it('refuses a file over the size limit from its size alone, without parsing it', async () => {
    // Over 1 MiB of text that would also be a YAML error if it were parsed.
    write('connectors/huge.yaml', `kind: connector\n${'x: [\n'.repeat(300_000)}`);
    const loaded = await loadProject(root);
    expect(loaded.diagnostics).to.deep.equal([
      { code: 'YAML_TOO_LARGE', severity: 'error', message: 'file is larger than 1048576 bytes', file: 'connectors/huge.yaml', line: 1, column: 1, length: 1 },
    ]);
    expect(loaded.sources.has('connectors/huge.yaml')).to.equal(false);
    expect(loaded.files).to.deep.equal(['connectors/huge.yaml']);
  });

  it('takes its limits from the options', async () => {
    write('flows/a.yaml', 'kind: flow\nname: a\n');
    const loaded = await loadProject(root, undefined, { limits: { maxBytes: 10 } });
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).to.deep.equal([['YAML_TOO_LARGE', 'file is larger than 10 bytes']]);
  });

  it('reports a file that is not UTF-8 text', async () => {
    write('flows/binary.yaml', Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    const loaded = await loadProject(root);
    expect(loaded.diagnostics.map((d) => [d.file, d.code, d.message])).to.deep.equal([
      ['flows/binary.yaml', 'FILE_UNREADABLE', 'the file is not UTF-8 text'],
    ]);
  });

  it('reports problems of all files at once, sorted by file and position', async () => {
    write('flows/b.yaml', 'kind: flow\nname: b\nname: c\n');
    write('connectors/a.yaml', 'kind: nope\n');
    write('connectors/nested/deeper/c.yml', 'kind: connector\n__proto__: {}\n');
    const loaded = await loadProject(root);
    expect(loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).to.deep.equal([
      'connectors/a.yaml:1:7 FILE_UNKNOWN_KIND',
      'connectors/nested/deeper/c.yml:2:1 YAML_FORBIDDEN_KEY',
      'flows/b.yaml:3:1 YAML_DUPLICATE_KEY',
    ]);
    expect(loaded.model).to.equal(undefined);
  });

  it('resolves given paths against the root and reports the missing ones as FILE_UNREADABLE', async () => {
    write('elsewhere/one.yaml', 'kind: nope\n');
    const loaded = await loadProject(root, ['elsewhere', 'missing/x.yaml']);
    expect(loaded.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`)).to.deep.equal([
      'elsewhere/one.yaml FILE_UNKNOWN_KIND unknown kind \'nope\'',
      'missing/x.yaml FILE_UNREADABLE no such file or folder',
    ]);
  });

  it('follows symbolic links to files but not to folders, so a link loop cannot hang it', async () => {
    write('shared/x.yaml', 'kind: nope\n');
    mkdirSync(path.join(root, 'flows'));
    symlinkSync(path.join(root, 'shared/x.yaml'), path.join(root, 'flows/linked.yaml'));
    symlinkSync(path.join(root, 'flows'), path.join(root, 'flows/loop'));
    const loaded = await loadProject(root);
    expect(loaded.files).to.deep.equal(['flows/linked.yaml']);
  });

  it('keeps a file named on the command line even when its name does not end in .yaml', async () => {
    write('notes.txt', 'kind: flow\nname: x\nname: y\n');
    const run = await runCli(['validate', 'notes.txt'], root);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.contain('notes.txt:3:1  error  YAML_DUPLICATE_KEY');
  });
});

describe('loadProject on a missing project folder', () => {
  it('reports the folder instead of passing it as an empty project', async () => {
    const missing = path.join(tmpdir(), 'no-such-project-folder-d-cli');
    const loaded = await loadProject(missing);
    expect(loaded.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`)).to.deep.equal([
      `. FILE_UNREADABLE project folder ${missing}: no such file or folder`,
    ]);
  });
});
