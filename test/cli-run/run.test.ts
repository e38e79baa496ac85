import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CANARY, startVault, type VaultService } from './vault-service.js';
import { workspace, type Workspace } from './cli-rig.js';

describe('runtime run and runtime executions', function () {
  let vault: VaultService;
  let ws: Workspace;

  before(async () => {
    vault = await startVault();
  });
  after(async () => {
    await vault.close();
  });
  beforeEach(async () => {
    ws = workspace();
    const created = await ws.cli(['connections', 'create', 'vault', '--name', 'main', '--field', `host=${vault.host}`], { env: { RUNTIME_FIELD_APIKEY: CANARY } });
    expect(created.exitCode, created.stderr).to.equal(0);
  });
  afterEach(() => ws.remove());

  const executionId = (stderr: string): string => {
    const match = /^execution ([0-9a-f-]{36})$/m.exec(stderr);
    if (!match) throw new Error(`no execution id in: ${stderr}`);
    return match[1]!;
  };

  describe('actions', () => {
    it('runs with --input JSON and prints the outputs as pretty JSON', async () => {
      const run = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '{"id": 7}']);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(`${JSON.stringify({ id: 7, name: 'item 7', region: 'eu' }, null, 2)}\n`);
      expect(run.stderr).to.match(/^execution [0-9a-f-]{36}\n$/);
    });

    it('reads --input @file relative to where the command runs', async () => {
      mkdirSync(path.join(ws.dir, 'in'));
      writeFileSync(path.join(ws.dir, 'in', 'item.json'), '{ "id": "12" }');
      const run = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '@in/item.json']);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.include({ id: 12, name: 'item 12' });
    });

    it('--input that is not a JSON object, or a missing file, is a usage error (exit 2)', async () => {
      const notJson = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '{id: 1}']);
      expect(notJson.exitCode).to.equal(2);
      expect(notJson.stderr).to.match(/^error: --input is not valid JSON: /);
      const list = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '[1]']);
      expect(list.stderr).to.equal(`error: --input must be a JSON object of input names and values, e.g. '{"id": 1}'\n`);
      const missing = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '@nope.json']);
      expect(missing.exitCode).to.equal(2);
      expect(missing.stderr).to.equal('error: cannot read --input file nope.json: ENOENT\n');
    });

    it('--explain prints every rendered template and result with its place, the secret masked', async () => {
      const run = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '{"id": 3}', '--explain']);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stderr).to.contain('connectors/vault.yaml:31:16  vault.get_item  url = /items/3\n');
      expect(run.stderr).to.contain('connectors/vault.yaml:32:28  vault.get_item  query region = eu\n');
      expect(run.stderr).to.match(/connectors\/vault\.yaml:33:17 {2}vault\.get_item {2}return = \{"id":3,"name":"item 3","region":"eu"\}\n/);
      expect(run.stdout + run.stderr).not.to.contain(CANARY);
    });

    it('a 500 prints the error, where it happened and who must act, exits 1, and never the echoed secret', async () => {
      const run = await ws.cli(['run', 'vault.leak_probe', '--connection', 'main', '--explain']);
      expect(run.exitCode).to.equal(1);
      expect(run.stdout).to.equal('');
      const lines = run.stderr.split('\n');
      expect(lines[0]).to.match(/^error HTTP_STATUS: GET http:\/\/127\.0\.0\.1:\d+\/api\/fail answered 500 Internal Server Error$/);
      expect(lines[1]).to.equal('  at connectors/vault.yaml:41:9');
      expect(run.stderr).to.contain("  | request 'failing' at connectors/vault.yaml:41:9\n");
      expect(run.stderr).to.contain('  → check the service or network\n');
      expect(run.stderr).not.to.contain(CANARY);

      const id = executionId(run.stderr);
      const show = await ws.cli(['executions', 'show', id]);
      expect(show.exitCode).to.equal(0);
      expect(show.stdout).to.match(/status\s+failed\n/);
      expect(show.stdout).to.contain('error HTTP_STATUS: ');
      expect(show.stdout).to.contain('status 500');
      expect(show.stdout).to.contain('[REDACTED]');
      const json = await ws.cli(['executions', 'show', id, '--json']);
      expect(show.stdout + json.stdout).not.to.contain(CANARY);
    });

    it('names the connections there are when --connection is unknown', async () => {
      const run = await ws.cli(['run', 'vault.get_item', '--connection', 'other', '--input', '{"id": 1}']);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain("error CONNECTION_NOT_FOUND: no connection 'other' for connector vault (known: main)");
      expect(run.stderr).to.contain('→ check your input or connection');
    });

    it('a missing required input is the user\'s to fix', async () => {
      const run = await ws.cli(['run', 'vault.get_item', '--connection', 'main']);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain("error TYPE_REQUIRED: vault.get_item: required input 'id' (Item ID) has no value");
      expect(run.stderr).to.contain('→ check your input or connection');
    });

    it('--no-record runs without recording an execution', async () => {
      const run = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '{"id": 1}', '--no-record']);
      expect(run.exitCode).to.equal(0);
      expect(run.stderr).to.equal('');
      expect((await ws.cli(['executions', 'list'])).stdout).to.equal('no executions recorded\n');
    });
  });

  describe('flows', () => {
    it('runs a manual flow with --input as its trigger inputs', async () => {
      const run = await ws.cli(['run', 'lookup', '--input', '{"id": 5}']);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal({ name: 'item 5' });
    });

    it('an unknown flow lists the flows there are', async () => {
      const run = await ws.cli(['run', 'lookups']);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain("error RUN_UNKNOWN_FLOW: no flow 'lookups' (flows: lookup)");
    });

    it('--connection does not apply to a flow (exit 2)', async () => {
      const run = await ws.cli(['run', 'lookup', '--connection', 'main']);
      expect(run.exitCode).to.equal(2);
    });
  });

  describe('executions', () => {
    it('list shows recent runs newest first; --status filters; show has every step', async () => {
      const ok = await ws.cli(['run', 'vault.get_item', '--connection', 'main', '--input', '{"id": 9}']);
      const failed = await ws.cli(['run', 'vault.leak_probe', '--connection', 'main']);
      const okId = executionId(ok.stderr);
      const failedId = executionId(failed.stderr);

      const list = await ws.cli(['executions', 'list']);
      const rows = list.stdout.trimEnd().split('\n');
      expect(rows[0]).to.match(/^ID\s+STATUS\s+TARGET\s+KIND\s+CONNECTION\s+STARTED\s+DURATION\s+STEPS\s+ERROR$/);
      expect(rows).to.have.length(3);
      expect(rows[1]).to.match(new RegExp(`^${failedId}\\s+failed\\s+vault\\.leak_probe\\s+action\\s+main\\s.*\\sHTTP_STATUS$`));
      expect(rows[2]).to.match(new RegExp(`^${okId}\\s+succeeded\\s+vault\\.get_item\\s+action\\s+main\\s`));

      const onlyFailed = await ws.cli(['executions', 'list', '--status', 'failed', '--json']);
      expect((JSON.parse(onlyFailed.stdout) as { id: string }[]).map((e) => e.id)).to.deep.equal([failedId]);
      expect((await ws.cli(['executions', 'list', '--limit', '1'])).stdout.trimEnd().split('\n')).to.have.length(2);

      const show = await ws.cli(['executions', 'show', okId]);
      expect(show.stdout).to.match(new RegExp(`^execution\\s+${okId}\\ntarget\\s+vault\\.get_item \\(action\\)\\nconnection\\s+main\\nstatus\\s+succeeded\\n`));
      expect(show.stdout).to.contain('input       {"inputs":{"id":9},"options":{}}');
      expect(show.stdout).to.contain('steps: 2\n');
      expect(show.stdout).to.match(/ {2}#1 {2}request 'got' {2}connectors\/vault\.yaml:28:9 {2}succeeded {2}\d+ ms\n/);
      expect(show.stdout).to.match(/ {2}#2 {2}return {2}connectors\/vault\.yaml:33:9 {2}succeeded/);
      expect(show.stdout).not.to.contain(CANARY);
    });

    it('show of an unknown id exits 1; a bad --limit is a usage error', async () => {
      const show = await ws.cli(['executions', 'show', 'nope']);
      expect(show.exitCode).to.equal(1);
      expect(show.stderr).to.contain("error EXECUTION_NOT_FOUND: no execution 'nope'");
      expect((await ws.cli(['executions', 'list', '--limit', '0'])).exitCode).to.equal(2);
    });
  });

  it('a project that does not load prints its problems and exits 1', async () => {
    const broken = workspace(path.join(ws.dir, 'broken'));
    try {
      mkdirSync(path.join(ws.dir, 'broken', 'connectors'), { recursive: true });
      writeFileSync(path.join(ws.dir, 'broken', 'connectors', 'x.yaml'), 'kind: connector\nname: x\nmethd: 1\n');
      const run = await broken.cli(['run', 'x.y']);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain('connectors/x.yaml:');
      expect(run.stderr).to.contain('the project does not load');
    } finally {
      broken.remove();
    }
  });
});
