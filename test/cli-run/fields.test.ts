import { expect } from 'chai';
import { CANARY, startVault, type VaultService } from './vault-service.js';
import { workspace, type Workspace } from './cli-rig.js';

describe('runtime fields', function () {
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
    vault.hits.clear();
  });
  afterEach(() => ws.remove());

  it('prints declared and dynamic inputs and outputs as tables', async () => {
    const run = await ws.cli(['fields', 'vault', 'custom_item', '--connection', 'main']);
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(
      [
        'vault.custom_item  Create Item with custom fields (action)',
        '',
        'inputs',
        'NAME    TITLE   TYPE    REQUIRED  SOURCE    HELP',
        'name    Name    text    yes       declared  What the item is called.',
        'color   Color   text    yes       dynamic   Paint colour.',
        'weight  weight  number  no        dynamic',
        '',
        'outputs',
        'NAME  TITLE  TYPE    REQUIRED  SOURCE    HELP',
        'id    id     number  no        declared',
        '',
      ].join('\n'),
    );
  });

  it('passes --option to the helper and caches per options; --json lists every field', async () => {
    const fancy = await ws.cli(['fields', 'vault', 'custom_item', '--connection', 'main', '--option', 'kind=fancy', '--json']);
    expect(fancy.exitCode, fancy.stderr).to.equal(0);
    const parsed = JSON.parse(fancy.stdout) as { inputs: { name: string; dynamic: boolean; type: string; required: boolean }[] };
    expect(parsed.inputs.map((f) => [f.name, f.type, f.required, f.dynamic])).to.deep.equal([
      ['name', 'text', true, false],
      ['color', 'text', true, true],
      ['weight', 'number', false, true],
      ['ribbon', 'boolean', false, true],
    ]);
    await ws.cli(['fields', 'vault', 'custom_item', '--connection', 'main', '--option', 'kind=fancy', '--json']);
    // The second call with the same options was served from the cache.
    expect(vault.hits.get('/api/schema')).to.equal(1);
  });

  it('a card without dynamic fields lists its declared fields and says so', async () => {
    const run = await ws.cli(['fields', 'vault', 'get_item', '--connection', 'main']);
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.contain('this card has no dynamic fields');
    expect(run.stdout).to.match(/id\s+Item ID\s+number\s+yes\s+declared/);
  });

  it('an invalid option, an unknown card, or a missing connection is reported with exit 1', async () => {
    const option = await ws.cli(['fields', 'vault', 'custom_item', '--connection', 'main', '--option', 'kind=odd']);
    expect(option.exitCode).to.equal(1);
    expect(option.stderr).to.contain("error TYPE_CHOICE: vault.custom_item: option 'kind' must be one of plain, fancy");
    const card = await ws.cli(['fields', 'vault', 'nope', '--connection', 'main']);
    expect(card.stderr).to.contain("error RUN_UNKNOWN_CARD: connector vault has no card 'nope'");
    const noConnection = await ws.cli(['fields', 'vault', 'custom_item']);
    expect(noConnection.exitCode).to.equal(1);
    expect(noConnection.stderr).to.contain('error CONNECTION_REQUIRED: ');
  });
});
