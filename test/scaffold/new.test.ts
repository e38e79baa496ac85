// `runtime new connector|flow`: every scaffolded file validates and is already formatted.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli } from '../cli/run-cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('runtime new', () => {
  let project: string;
  const read = (file: string) => readFileSync(path.join(project, file), 'utf8');

  async function expectValidAndFormatted(): Promise<void> {
    const validate = await runCli(['validate'], project);
    expect(validate.stdout, validate.stdout).to.match(/^✔ \d+ files valid\n$/);
    const fmt = await runCli(['fmt', '--check'], project);
    expect(fmt.stdout, fmt.stdout).to.match(/^✔ \d+ files already formatted\n$/);
  }

  before(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'new-'));
    expect((await runCli(['init'], project)).exitCode).to.equal(0);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  describe('connector', () => {
    it('writes a documented connector with one action, named as asked', async () => {
      const run = await runCli(['new', 'connector', 'acme-crm'], project);
      expect(run).to.deep.include({ exitCode: 0, stdout: 'created connectors/acme-crm.yaml\n', stderr: '' });
      const text = read('connectors/acme-crm.yaml');
      expect(text).to.match(/^# yaml-language-server: \$schema=\.\.\/schemas\/connector\.schema\.json\n/);
      expect(text).to.include('\nname: acme-crm\ntitle: Acme crm\n');
      expect(text).to.include('\nactions:\n  get_item:\n');
      // Each section is explained.
      for (const section of ['connection:', 'auth:', 'actions:', 'system:']) {
        expect(text, section).to.match(new RegExp(`\\n# [^\\n]+\\n${section}\\n`));
      }
      await expectValidAndFormatted();
    });

    it('refuses an invalid name (exit 2) and writes nothing', async () => {
      for (const name of ['Acme', '1acme', 'ac me', 'x'.repeat(129)]) {
        const run = await runCli(['new', 'connector', name], project);
        expect(run.exitCode, name).to.equal(2);
        expect(run.stderr, name).to.match(/^error: /);
      }
      expect(existsSync(path.join(project, 'connectors/Acme.yaml'))).to.equal(false);
    });

    it('refuses a connector name the project already has (exit 1), and overwrites with --force', async () => {
      writeFileSync(path.join(project, 'connectors/acme-crm.yaml'), `${read('connectors/acme-crm.yaml')}# my edit\n`);
      const refused = await runCli(['new', 'connector', 'acme-crm'], project);
      expect(refused).to.deep.include({ exitCode: 1, stderr: "error: connectors/acme-crm.yaml already defines the connector 'acme-crm'\n" });
      expect(read('connectors/acme-crm.yaml')).to.include('# my edit');
      const forced = await runCli(['new', 'connector', 'acme-crm', '--force'], project);
      expect(forced.exitCode).to.equal(0);
      expect(read('connectors/acme-crm.yaml')).not.to.include('# my edit');
    });
  });

  describe('flow', () => {
    it('writes a documented flow with a manual trigger', async () => {
      const run = await runCli(['new', 'flow', 'say-hello'], project);
      expect(run).to.deep.include({ exitCode: 0, stdout: 'created flows/say-hello.yaml\n' });
      const text = read('flows/say-hello.yaml');
      expect(text).to.include('\nname: say-hello\ntitle: Say hello\n');
      expect(text).to.include('\nenabled: false\n');
      await expectValidAndFormatted();
    });

    it('calls an action with the flow inputs mapped to its required inputs', async () => {
      const run = await runCli(['new', 'flow', 'reply', '--connector', 'jsonplaceholder', '--card', 'create_post'], project);
      expect(run.exitCode).to.equal(0);
      const text = read('flows/reply.yaml');
      expect(text).to.include(
        [
          '  manual:',
          '    inputs:',
          '      title: { title: Title, type: text, required: true }',
          '      body: { title: Body, type: text, required: true }',
          '      userId: { title: Author ID, type: number, required: true }',
          'steps:',
          '  # Calls the card through a connection made with `runtime connections create jsonplaceholder --name jsonplaceholder`.',
          "  # Its inputs are JSONata expressions; here, the flow's own inputs.",
          '  - id: create_post',
          '    action:',
          '      card: jsonplaceholder.create_post',
          '      connection: jsonplaceholder',
          '      inputs:',
          '        title: trigger.title',
          '        body: trigger.body',
          '        userId: trigger.userId',
          "  # The flow's output: the card's outputs.",
          '  - return: steps.create_post',
          '',
        ].join('\n'),
      );
      await expectValidAndFormatted();
    });

    it('starts from an event, through the connection asked for', async () => {
      const run = await runCli(['new', 'flow', 'on-post', '--connector', 'jsonplaceholder', '--card', 'new_post', '--connection', 'jp-test'], project);
      expect(run.exitCode).to.equal(0);
      const text = read('flows/on-post.yaml');
      expect(text).to.include('trigger:\n');
      expect(text).to.include('  event:\n    connector: jsonplaceholder\n    card: new_post\n    connection: jp-test\n');
      expect(text).not.to.include('  manual:');
      await expectValidAndFormatted();
    });

    it('fills required options without a default with placeholders, so the flow validates', async () => {
      writeFileSync(
        path.join(project, 'connectors/opts.yaml'),
        [
          'kind: connector',
          'name: opts',
          'version: 1.0.0',
          'baseUrl: https://api.example.com',
          'auth: { type: none }',
          'actions:',
          '  go:',
          '    options:',
          '      mode: { type: dropdown, choices: [fast, slow], required: true }',
          '      label: { type: text, required: true }',
          '      size: { type: number, required: true, default: 3 }',
          '    steps:',
          "      - map: \"'ok'\"",
          '',
        ].join('\n'),
      );
      const run = await runCli(['new', 'flow', 'with-options', '--connector', 'opts', '--card', 'go'], project);
      expect(run.exitCode).to.equal(0);
            expect(read('flows/with-options.yaml')).to.include('  manual: {}\n');
      expect(read('flows/with-options.yaml')).to.include('      options: { mode: fast, label: change-me }\n  #');
      expect(read('flows/with-options.yaml')).to.include('  # The options are placeholders: set them to what the flow needs.\n');
      const validate = await runCli(['validate'], project);
      expect(validate.stdout, validate.stdout).to.match(/^✔ \d+ files valid\n$/);
      rmSync(path.join(project, 'connectors/opts.yaml'));
      rmSync(path.join(project, 'flows/with-options.yaml'));
    });

    it('reports an unknown connector or card (exit 1) and a card without a connector (exit 2)', async () => {
      const noConnector = await runCli(['new', 'flow', 'x', '--connector', 'nope', '--card', 'a'], project);
      expect(noConnector).to.deep.include({ exitCode: 1, stderr: "error: no connector named 'nope' in connectors/\n" });
      const noCard = await runCli(['new', 'flow', 'x', '--connector', 'jsonplaceholder', '--card', 'nope'], project);
      expect(noCard).to.deep.include({
        exitCode: 1,
        stderr: "error: the connector 'jsonplaceholder' has no card 'nope' (its cards: get_post, create_post, new_post)\n",
      });
      const alone = await runCli(['new', 'flow', 'x', '--card', 'get_post'], project);
      expect(alone).to.deep.include({ exitCode: 2, stderr: 'error: --connector and --card go together\n' });
      expect(existsSync(path.join(project, 'flows/x.yaml'))).to.equal(false);
    });

    it('refuses to overwrite an existing flow file (exit 1)', async () => {
      const run = await runCli(['new', 'flow', 'new-post-reply'], project);
      expect(run).to.deep.include({ exitCode: 1, stderr: 'error: flows/new-post-reply.yaml already exists\nnothing was written; use --force to overwrite\n' });
    });
  });

  it('ships templates that are valid and formatted as they are', async () => {
    const files = ['templates/connector.yaml', 'templates/flow.yaml'];
    const validate = await runCli(['validate', ...files], REPO);
    expect(validate.stdout).to.equal('✔ 2 files valid\n');
    const fmt = await runCli(['fmt', '--check', ...files, 'templates/project'], REPO);
    expect(fmt.stdout).to.equal('✔ 5 files already formatted\n');
  });
});
