import { expect } from 'chai';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CANARY, startVault, type VaultService } from './vault-service.js';
import { PROJECT, startCli } from './cli-rig.js';

describe('runtime options: --data-dir and --allow-private-network (flags > env > defaults)', function () {
  let vault: VaultService;
  let dir: string;
  let project: string;

  before(async () => {
    vault = await startVault();
  });
  after(async () => {
    await vault.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cli-run-options-'));
    project = path.join(dir, 'project');
    cpSync(PROJECT, project, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string> = {}) =>
    startCli(['--project', project, ...args], { cwd: dir, env: { RUNTIME_FIELD_HOST: vault.host, RUNTIME_FIELD_APIKEY: CANARY, ...env } }).done;

  it('keeps data in <project>/.data by default, in RUNTIME_DATA_DIR when set, and in --data-dir above both', async () => {
    expect((await cli(['connections', 'create', 'vault', '--name', 'a', '--allow-private-network'])).exitCode).to.equal(0);
    expect(existsSync(path.join(project, '.data', 'runtime.db'))).to.equal(true);

    expect((await cli(['connections', 'create', 'vault', '--name', 'b', '--allow-private-network'], { RUNTIME_DATA_DIR: 'env-data' })).exitCode).to.equal(0);
    expect(existsSync(path.join(dir, 'env-data', 'runtime.db'))).to.equal(true);

    const fromEnv = await cli(['connections', 'list'], { RUNTIME_DATA_DIR: 'env-data' });
    expect(fromEnv.stdout).to.match(/vault\s+b\s/).and.not.to.match(/vault\s+a\s/);
    const flagWins = await cli(['connections', 'list', '--data-dir', 'project/.data'], { RUNTIME_DATA_DIR: 'env-data' });
    expect(flagWins.stdout).to.match(/vault\s+a\s/).and.not.to.match(/vault\s+b\s/);
  });

  it('refuses loopback addresses unless --allow-private-network or RUNTIME_ALLOW_PRIVATE_NETWORK=1 allows them', async () => {
    const refused = await cli(['connections', 'create', 'vault', '--name', 'a']);
    expect(refused.exitCode).to.equal(1);
    expect(refused.stdout).to.contain('✖ not working: HTTP_PRIVATE_ADDRESS ');
    expect(refused.stdout).to.contain('pass --allow-private-network (RUNTIME_ALLOW_PRIVATE_NETWORK=1)');

    const byEnv = await cli(['connections', 'test', 'vault', 'a'], { RUNTIME_ALLOW_PRIVATE_NETWORK: '1' });
    expect(byEnv.stdout).to.equal('✔ connected as ada\n');
    const byFlag = await cli(['connections', 'test', 'vault', 'a', '--allow-private-network']);
    expect(byFlag.exitCode).to.equal(0);
  });

  it('a secret key that is not 32 bytes stops the command with advice about the key (exit 1)', async () => {
    const run = await cli(['connections', 'list'], { RUNTIME_SECRET_KEY: 'c2hvcnQ=' });
    expect(run.exitCode).to.equal(1);
    expect(run.stderr).to.contain('error STORE_SECRET_KEY: ');
    expect(run.stderr).to.contain('→ check RUNTIME_SECRET_KEY, or the secret.key file in the data folder');
  });
});
