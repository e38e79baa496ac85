import { expect } from 'chai';
import { CANARY, startVault, type VaultService } from './vault-service.js';
import { eventually, fakeTerminal, workspace, type Workspace } from './cli-rig.js';

describe('runtime connections', function () {
  let vault: VaultService;
  let ws: Workspace;

  before(async () => {
    vault = await startVault();
  });
  after(async () => {
    await vault.close();
  });
  beforeEach(() => {
    ws = workspace();
    vault.hits.clear();
    vault.revokeStatus = 200;
  });
  afterEach(() => ws.remove());

  const createMain = (extra: string[] = [], env: Record<string, string> = {}) =>
    ws.cli(['connections', 'create', 'vault', '--name', 'main', '--field', `host=${vault.host}`, ...extra], { env });

  describe('create', () => {
    it('takes fields from flags, checks the connection with authping and prints its label', async () => {
      const run = await createMain(['--field', `apiKey=${CANARY}`, '--field', 'region=us']);
      expect(run.stdout).to.equal('✔ created connection vault/main\n✔ connected as ada\n');
      expect(run.exitCode).to.equal(0);
      expect(vault.hits.get('/api/me')).to.equal(1);
      const list = await ws.cli(['connections', 'list']);
      expect(list.stdout).to.match(/^CONNECTOR\s+NAME\s+STATUS\s+LABEL\s+CREATED\nvault\s+main\s+working\s+ada\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$/);
    });

    it('takes a secret from RUNTIME_FIELD_<NAME> so it stays out of shell history', async () => {
      const run = await createMain([], { RUNTIME_FIELD_API_KEY: CANARY });
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('✔ connected as ada');
      const plain = await ws.cli(['connections', 'create', 'vault', '--name', 'second'], { env: { RUNTIME_FIELD_HOST: vault.host, RUNTIME_FIELD_APIKEY: CANARY } });
      expect(plain.exitCode, plain.stderr).to.equal(0);
    });

    it('without a terminal, a missing required field is a usage error naming the flag and variable (exit 2)', async () => {
      const run = await createMain();
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.equal(
        "error: missing connection field 'apiKey' (API key): set RUNTIME_FIELD_API_KEY (keeps it out of shell history) or pass --field apiKey=<value>\n",
      );
      expect((await ws.cli(['connections', 'list'])).stdout).to.contain('no connections yet');
    });

    it('rejects a field the connector does not declare (exit 2)', async () => {
      const run = await createMain(['--field', `apiKey=${CANARY}`, '--field', 'colour=red']);
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.equal("error: connector vault has no connection field 'colour' (fields: host, region, apiKey)\n");
    });

    it('on a terminal asks for missing fields, the secret with echo off', async () => {
      const stdin = fakeTerminal();
      const running = ws.startCli(['connections', 'create', 'vault', '--name', 'main'], { stdin });
      await eventually(() => (running.output.stderr.includes('Host and port: ') ? true : undefined), 'the host question');
      stdin.write(`${vault.host}\n`);
      await eventually(() => (running.output.stderr.includes('Region (eu, us) (optional) [eu]: ') ? true : undefined), 'the region question');
      stdin.write('\n');
      await eventually(() => (running.output.stderr.includes('API key: ') ? true : undefined), 'the key question');
      stdin.write(`${CANARY}\n`);
      const run = await running.done;
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('✔ connected as ada');
      // The host was echoed as typed; the key was not.
      expect(run.stderr).to.contain(vault.host);
      expect(run.stderr).not.to.contain(CANARY);
      const show = await ws.cli(['connections', 'show', 'vault', 'main']);
      expect(show.stdout).to.match(/region\s+eu\n/);
    });

    it('keeps a connection whose authping fails, with status failing, and exits 1', async () => {
      const run = await createMain(['--field', 'apiKey=wrong-key-123']);
      expect(run.exitCode).to.equal(1);
      expect(run.stdout).to.contain('✔ created connection vault/main\n✖ not working: 401 ');
      expect(run.stdout).to.contain('  → check your input or connection\n');
      expect(run.stdout).not.to.contain('wrong-key-123');
      expect((await ws.cli(['connections', 'list', 'vault'])).stdout).to.match(/vault\s+main\s+failing/);
    });

    it('refuses a second connection of the same name', async () => {
      await createMain(['--field', `apiKey=${CANARY}`]);
      const again = await createMain(['--field', `apiKey=${CANARY}`]);
      expect(again.exitCode).to.equal(1);
      expect(again.stderr).to.contain("error STORE_CONNECTION_EXISTS: connector vault already has a connection named 'main'");
    });

    it('names the known connectors when the connector is unknown', async () => {
      const run = await ws.cli(['connections', 'create', 'vaul', '--name', 'x']);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain("error RUN_UNKNOWN_CONNECTOR: no connector 'vaul' (known: vault)");
    });
  });

  describe('list, show and test', () => {
    beforeEach(async () => {
      expect((await createMain(['--field', `apiKey=${CANARY}`])).exitCode).to.equal(0);
    });

    it('list and show never print the secret; show masks it and says there are no tokens', async () => {
      const list = await ws.cli(['connections', 'list']);
      const listJson = await ws.cli(['connections', 'list', '--json']);
      const show = await ws.cli(['connections', 'show', 'vault', 'main']);
      const showJson = await ws.cli(['connections', 'show', 'vault', 'main', '--json']);
      for (const run of [list, listJson, show, showJson]) {
        expect(run.exitCode).to.equal(0);
        expect(run.stdout + run.stderr).not.to.contain(CANARY);
      }
      expect(show.stdout).to.match(/^connection\s+vault\/main\n/);
      expect(show.stdout).to.match(/status\s+working\n/);
      expect(show.stdout).to.match(/tokens\s+none\n/);
      expect(show.stdout).to.match(/fields\n {2}host\s+127\.0\.0\.1:\d+\n {2}region\s+eu\n {2}apiKey\s+••••••\n$/);
      const parsed = JSON.parse(showJson.stdout) as { fields: Record<string, unknown>; status: string; label: string };
      expect(parsed.fields).to.deep.equal({ host: vault.host, region: 'eu', apiKey: '••••••' });
      expect(parsed.label).to.equal('ada');
    });

    it('show of an unknown connection exits 1', async () => {
      const run = await ws.cli(['connections', 'show', 'vault', 'nope']);
      expect(run.exitCode).to.equal(1);
      expect(run.stderr).to.contain("error CONNECTION_NOT_FOUND: no connection 'nope' for connector vault");
    });

    it('test runs authping again and updates the status', async () => {
      const before = vault.hits.get('/api/me') ?? 0;
      const run = await ws.cli(['connections', 'test', 'vault', 'main']);
      expect(run.stdout).to.equal('✔ connected as ada\n');
      expect(run.exitCode).to.equal(0);
      expect(vault.hits.get('/api/me')).to.equal(before + 1);
    });
  });

  describe('delete', () => {
    beforeEach(async () => {
      expect((await createMain(['--field', `apiKey=${CANARY}`])).exitCode).to.equal(0);
    });

    it('runs the revoke flow once, then deletes', async () => {
      const run = await ws.cli(['connections', 'delete', 'vault', 'main', '--yes']);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.equal('✔ revoked (revoke flow)\n✔ deleted connection vault/main\n');
      expect(vault.hits.get('/api/revoke')).to.equal(1);
      expect((await ws.cli(['connections', 'list'])).stdout).to.contain('no connections yet');
    });

    it('without a terminal asks for --yes (exit 2) and deletes nothing', async () => {
      const run = await ws.cli(['connections', 'delete', 'vault', 'main']);
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.equal('error: pass --yes to delete vault/main without a terminal to confirm on\n');
      expect(vault.hits.get('/api/revoke')).to.equal(undefined);
      expect((await ws.cli(['connections', 'list'])).stdout).to.match(/vault\s+main/);
    });

    it('keeps the connection when revoking fails, and deletes it with --force', async () => {
      vault.revokeStatus = 500;
      const kept = await ws.cli(['connections', 'delete', 'vault', 'main', '--yes']);
      expect(kept.exitCode).to.equal(1);
      expect(kept.stderr).to.contain('error HTTP_STATUS: ');
      expect(kept.stderr).to.contain('the connection is kept');
      expect((await ws.cli(['connections', 'list'])).stdout).to.match(/vault\s+main/);

      const forced = await ws.cli(['connections', 'delete', 'vault', 'main', '--yes', '--force']);
      expect(forced.exitCode).to.equal(0);
      expect(forced.stderr).to.contain('--force: deleting although revoking failed');
      expect(forced.stdout).to.equal('✔ deleted connection vault/main\n');
      expect((await ws.cli(['connections', 'list'])).stdout).to.contain('no connections yet');
      expect(kept.stdout + kept.stderr + forced.stdout + forced.stderr).not.to.contain(CANARY);
    });
  });
});
