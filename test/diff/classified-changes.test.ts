// Each kind of change to a connector or flow, made to the base fixture (test/fixtures/diff/base/) in the
// working tree of one git repository, and the classified change `runtime diff` reports for it, with the places
// in user flows that a breaking change affects.
import { expect } from 'chai';
import { subjectOf, type DiffReport } from '../../src/diff/change.js';
import { diffRevisions } from '../../src/diff/diff-revisions.js';
import { GitProject, type Edit } from './git-project.js';

const ACME = 'connectors/acme.yaml';

describe('runtime diff: classified changes', () => {
  let project: GitProject;
  let base: string;

  before(() => {
    project = GitProject.create();
    base = project.commitBase([], 'base');
  });
  after(() => project.dispose());

  /** The working tree becomes the base project with `edits`; compared with the base commit. */
  async function diffWith(edits: readonly Edit[], more?: (p: GitProject) => void): Promise<DiffReport> {
    project.resetToBase(edits);
    more?.(project);
    return diffRevisions({ root: project.dir, base });
  }

  /** One line per change, leaving out the version rule (tested on its own below). */
  function lines(report: DiffReport): string[] {
    return report.changes
      .filter((c) => !c.kind.startsWith('version-'))
      .map((c) => {
        const affects = c.affects.map((a) => `${a.file}:${a.line}:${a.column}`).join(', ');
        return `${c.level} ${subjectOf(c)} ${c.kind}: ${c.message}${affects ? ` (affects ${affects})` : ''}`;
      });
  }

  it('finds nothing when nothing changed, and the base fixture validates', async () => {
    const report = await diffWith([]);
    expect(report.changes).to.deep.equal([]);
    expect(report.base.errors).to.equal(0);
    expect(report.head.errors).to.equal(0);
    expect(report.base.commit).to.equal(base);
    expect(report.head.label).to.equal('working tree');
  });

  it('ignores layout: reordered keys, flow style and quoting mean the same definition', async () => {
    const report = await diffWith([
      [ACME, 'subject: { title: Subject, type: text, required: true }', 'subject:\n        required: true\n        type: "text"\n        title: Subject'],
      [ACME, "scopes: [tickets.read, tickets.write]", "scopes:\n    - tickets.read\n    - 'tickets.write'"],
    ]);
    expect(lines(report)).to.deep.equal([]);
  });

  describe('inputs', () => {
    it('an input that became required is breaking, and names the action steps that do not map it', async () => {
      const report = await diffWith([[ACME, 'tags: { title: Tags, type: text }', 'tags: { title: Tags, type: text, required: true }']]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket input-required: input 'tags' became required (affects flows/escalate.yaml:8:5)",
      ]);
    });

    it('a new required input is breaking; a new optional one is safe', async () => {
      const report = await diffWith([
        [ACME, '      tags: { title: Tags, type: text }', '      tags: { title: Tags, type: text }\n      team: { type: text, required: true }\n      note: { type: text }'],
      ]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket input-added: new required input 'team' (affects flows/escalate.yaml:8:5)",
        "safe acme.create_ticket input-added: input 'note' added",
      ]);
    });

    it('a required input with a default is not breaking: flows that leave it out get the default', async () => {
      const report = await diffWith([[ACME, 'tags: { title: Tags, type: text }', 'tags: { title: Tags, type: text, required: true, default: none }']]);
      expect(lines(report)).to.deep.equal([
        "safe acme.create_ticket input-required: input 'tags' marked required (it has a default)",
        'risky acme.create_ticket input-default-changed: default of input \'tags\' changed from (none) to none',
      ]);
    });

    it('a removed input is breaking for the steps that map it', async () => {
      const report = await diffWith([[ACME, '      body: { title: Body, type: text }\n', '']]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket input-removed: input 'body' removed (affects flows/escalate.yaml:8:5)",
      ]);
    });

    it('an input retyped (here: turned into a list) is breaking for the steps that map it; a no longer required one is safe', async () => {
      const report = await diffWith([
        [ACME, 'body: { title: Body, type: text }', 'body: { title: Body, type: text, list: true }'],
        [ACME, 'subject: { title: Subject, type: text, required: true }', 'subject: { title: Subject, type: text }'],
      ]);
      expect(lines(report)).to.deep.equal([
        "safe acme.create_ticket input-optional: input 'subject' is no longer required",
        "breaking acme.create_ticket input-retyped: input 'body' retyped: text -> list of text (affects flows/escalate.yaml:8:5)",
      ]);
    });

    it('help and title texts are safe', async () => {
      const report = await diffWith([
        [ACME, 'body: { title: Body, type: text }', 'body: { title: Description, type: text, help: Markdown. }'],
        [ACME, 'help: Opens a ticket.', 'help: Opens a ticket in the helpdesk.'],
      ]);
      expect(lines(report)).to.deep.equal([
        'safe acme.create_ticket card-text-changed: help changed',
        "safe acme.create_ticket input-text-changed: input 'body': title, help changed",
      ]);
    });
  });

  describe('outputs', () => {
    it('a removed output is breaking and names the expression that reads it', async () => {
      const report = await diffWith([[ACME, '      url: { title: URL, type: text }\n', '']]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket output-removed: output 'url' removed (affects flows/escalate.yaml:17:13)",
      ]);
    });

    it('a retyped output is breaking; an output nobody reads affects no flow; an added output is safe', async () => {
      const report = await diffWith([
        [ACME, 'id: { title: Ticket ID, type: number }\n      url:', 'id: { title: Ticket ID, type: text }\n      status: { type: text }\n      url:'],
      ]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket output-retyped: output 'id' retyped: number -> text",
        "safe acme.create_ticket output-added: output 'status' added",
      ]);
    });

    it('a removed event output is breaking for the flows that read it from the trigger', async () => {
      const report = await diffWith([[ACME, '      subject: { title: Subject, type: text }\n    webhook:', '    webhook:']]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.ticket_created output-removed: output 'subject' removed (affects flows/new-ticket-alert.yaml:11:10)",
      ]);
    });
  });

  describe('options', () => {
    it('a removed choice is breaking for the flows that chose it; an added one is safe', async () => {
      const report = await diffWith([[ACME, 'choices: [low, normal, high]', 'choices: [low, normal, urgent]']]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket option-choices-removed: option 'priority' choices removed: high (affects flows/escalate.yaml:8:5)",
        "safe acme.create_ticket option-choices-added: option 'priority' choices added: urgent",
      ]);
    });

    it('a changed default is risky; a removed option is breaking for the flows that set it', async () => {
      const changedDefault = await diffWith([[ACME, 'default: normal', 'default: low']]);
      expect(lines(changedDefault)).to.deep.equal([
        "risky acme.create_ticket option-default-changed: default of option 'priority' changed from normal to low",
      ]);
      const removed = await diffWith([[ACME, "    options:\n      priority:\n        title: Priority\n        type: dropdown\n        choices: [low, normal, high]\n        default: normal\n", '']]);
      expect(lines(removed)).to.deep.equal([
        "breaking acme.create_ticket option-removed: option 'priority' removed (affects flows/escalate.yaml:8:5)",
      ]);
    });
  });

  describe('cards, helpers and steps', () => {
    it('a removed card is breaking for the steps that use it, even when the head no longer validates', async () => {
      const report = await diffWith([[ACME, "  close_ticket:\n    title: Close Ticket\n    inputs:\n      id: { title: Ticket ID, type: number, required: true }\n    steps:\n      - request: { method: POST, url: \"/tickets/{{inputs.id}}/close\" }\n", '']]);
      expect(lines(report)).to.deep.equal([
        "breaking acme.close_ticket card-removed: action 'close_ticket' removed (affects flows/nightly-close.yaml:7:5)",
      ]);
      expect(report.head.errors).to.be.greaterThan(0);
      expect(report.head.filesWithErrors).to.deep.equal(['flows/nightly-close.yaml']);
    });

    it('an added card and helper are safe; a removed helper is safe (helpers are internal)', async () => {
      const report = await diffWith([
        [ACME, 'events:\n', 'events:\n  ticket_closed:\n    outputs: { id: { type: number } }\n    polling:\n      schedule: "0 * * * * *"\n      steps:\n        - return: { records: "[]", cursor: cursor }\n'],
        [ACME, 'helpers:\n  ticket_url:', 'helpers:\n  ticket_link:'],
      ]);
      expect(lines(report)).to.deep.equal([
        "safe acme.ticket_closed card-added: event 'ticket_closed' added",
        "safe acme.ticket_link helper-added: helper 'ticket_link' added",
        "safe acme.ticket_url helper-removed: helper 'ticket_url' removed",
      ]);
    });

    it('a changed request is risky and says what changed; other step changes are safe but noted', async () => {
      const request = await diffWith([[ACME, 'url: /tickets\n          json:', 'url: /v3/tickets\n          json:']]);
      expect(lines(request)).to.deep.equal([
        'risky acme.create_ticket requests-changed: requests changed: new POST /v3/tickets; removed POST /tickets',
      ]);
      const body = await diffWith([[ACME, 'subject: "{{inputs.subject}}"', 'title: "{{inputs.subject}}"']]);
      expect(lines(body)).to.deep.equal(['risky acme.create_ticket requests-changed: requests changed: POST /tickets (body)']);
      const mapping = await diffWith([[ACME, 'url: steps.created.body.url', 'url: steps.created.body.html_url']]);
      expect(lines(mapping)).to.deep.equal(['safe acme.create_ticket steps-changed: steps changed (behaviour changed)']);
    });

    it('a changed helper or system flow is compared like a card', async () => {
      const report = await diffWith([
        [ACME, "inputs: { id: { type: number, required: true } }", "inputs: { id: { type: text, required: true } }"],
        [ACME, 'request: { method: GET, url: /me }', 'request: { method: GET, url: /users/me }'],
      ]);
      expect(lines(report)).to.deep.equal([
        "safe acme.ticket_url helper-input-retyped: helper input 'id' retyped: number -> text",
        'risky acme.system.authping requests-changed: requests changed: new GET /users/me; removed GET /me',
      ]);
    });
  });

  describe('service, auth and connection', () => {
    it('a base URL on another host, a new host and allowPrivateNetwork are risky', async () => {
      const report = await diffWith([
        [ACME, 'baseUrl: https://{{connection.subdomain}}.acme.example/api/v2', 'baseUrl: https://api.acme-cloud.example/{{connection.subdomain}}/v2\nallowPrivateNetwork: true'],
        [ACME, 'hosts: [uploads.acme.example]', 'hosts: [uploads.acme.example, cdn.acme.example]'],
      ]);
      expect(lines(report)).to.deep.equal([
        'risky acme base-url-host-changed: base URL host changed from {{connection.subdomain}}.acme.example to api.acme-cloud.example',
        'risky acme hosts-added: hosts added: cdn.acme.example',
        'risky acme private-network-allowed: allowPrivateNetwork turned on: requests may reach loopback and private addresses',
      ]);
    });

    it('a base URL with another path is risky; a removed host is safe', async () => {
      const report = await diffWith([
        [ACME, '.acme.example/api/v2', '.acme.example/api/v3'],
        [ACME, 'hosts: [uploads.acme.example]', 'hosts: []'],
      ]);
      expect(lines(report)).to.deep.equal([
        'risky acme base-url-changed: base URL changed from https://{{connection.subdomain}}.acme.example/api/v2 to https://{{connection.subdomain}}.acme.example/api/v3',
        'safe acme hosts-removed: hosts removed: uploads.acme.example',
      ]);
    });

    it('a removed scope is breaking for every use of the connector; a new scope and token URL are risky', async () => {
      const report = await diffWith([
        [ACME, 'scopes: [tickets.read, tickets.write]', 'scopes: [tickets.write, users.read]'],
        [ACME, 'tokenUrl: https://login.acme.example/oauth/token', 'tokenUrl: https://login.acme.example/oauth2/token'],
      ]);
      expect(lines(report)).to.deep.equal([
        'breaking acme auth-scopes-removed: scopes removed: tickets.read (affects flows/escalate.yaml:8:5, flows/new-ticket-alert.yaml:4:3, flows/nightly-close.yaml:7:5)',
        'risky acme auth-scopes-added: scopes added: users.read (users must consent again)',
        'risky acme auth-url-changed: token URL changed from https://login.acme.example/oauth/token to https://login.acme.example/oauth2/token',
      ]);
    });

    it('a changed grant is breaking', async () => {
      const report = await diffWith([[ACME, 'grant: authorization_code', 'grant: client_credentials']]);
      expect(lines(report)[0]).to.equal(
        'breaking acme auth-grant-changed: OAuth 2.0 grant changed from authorization_code to client_credentials (affects flows/escalate.yaml:8:5, flows/new-ticket-alert.yaml:4:3, flows/nightly-close.yaml:7:5)',
      );
    });

    it('another auth scheme is breaking, and so are the connection fields it no longer implies', async () => {
      const report = await diffWith([
        [ACME, "auth:\n  type: oauth2\n  grant: authorization_code\n  authorizeUrl: https://login.acme.example/oauth/authorize\n  tokenUrl: https://login.acme.example/oauth/token\n  scopes: [tickets.read, tickets.write]\n", 'auth:\n  type: basic\n'],
      ]);
      const all = 'flows/escalate.yaml:8:5, flows/new-ticket-alert.yaml:4:3, flows/nightly-close.yaml:7:5';
      expect(lines(report)).to.deep.equal([
        `breaking acme auth-type-changed: auth scheme changed from oauth2 to basic (affects ${all})`,
        `breaking acme connection-field-removed: connection field 'clientId' removed (affects ${all})`,
        `breaking acme connection-field-removed: connection field 'clientSecret' removed (affects ${all})`,
        `breaking acme connection-field-added: new required connection field 'username' (affects ${all})`,
        `breaking acme connection-field-added: new required connection field 'password' (affects ${all})`,
      ]);
    });

    it('a new optional connection field is safe; a new required one is breaking', async () => {
      const report = await diffWith([
        [ACME, 'subdomain: { title: Subdomain, type: text, required: true }', 'subdomain: { title: Subdomain, type: text, required: true }\n    region: { type: text }\n    team: { type: text, required: true }'],
      ]);
      expect(lines(report).map((l) => l.replace(/ \(affects .*\)$/, ''))).to.deep.equal([
        "safe acme connection-field-added: connection field 'region' added",
        "breaking acme connection-field-added: new required connection field 'team'",
      ]);
    });
  });

  describe('webhook and polling contracts', () => {
    it('changed webhook verification is breaking for the flows triggered through the webhook', async () => {
      const report = await diffWith([[ACME, 'header: X-Acme-Signature', 'header: X-Acme-Signature-256']]);
      expect(lines(report)).to.deep.equal([
        'breaking acme.ticket_created webhook-verify-changed: webhook verification changed: header X-Acme-Signature -> X-Acme-Signature-256 (affects flows/new-ticket-alert.yaml:4:3)',
      ]);
    });

    it('changed records, dedupe key, register and deregister steps are risky', async () => {
      const report = await diffWith([
        [ACME, 'records: body.tickets', 'records: body.data.tickets'],
        [ACME, 'dedupeKey: "headers.\\"x-acme-delivery\\""', 'dedupeKey: body.id'],
        [ACME, 'json: { url: "{{webhook.url}}" }', 'json: { url: "{{webhook.url}}", events: [created] }'],
        [ACME, '      verify:', '      deregister:\n        steps:\n          - request: { method: DELETE, url: "/hooks/{{webhook.registration.id}}" }\n      verify:'],
      ]);
      expect(lines(report)).to.deep.equal([
        'risky acme.ticket_created webhook-records-changed: webhook records expression changed',
        'risky acme.ticket_created webhook-dedupe-changed: webhook dedupe key changed',
        'risky acme.ticket_created webhook-register-changed: webhook register steps changed',
        'risky acme.ticket_created webhook-deregister-changed: webhook deregister steps changed',
      ]);
    });

    it('a removed webhook is breaking for webhook flows only; polling changes are risky', async () => {
      const report = await diffWith([
        [ACME, 'schedule: "0 */5 * * * *"', 'schedule: "0 */15 * * * *"'],
        [ACME, 'dedupeKey: id', 'dedupeKey: key'],
        [ACME, 'cursor: cursor', 'cursor: "$max(steps.page.body.tickets.updated_at)"'],
      ]);
      expect(lines(report)).to.deep.equal([
        "risky acme.ticket_created polling-schedule-changed: polling schedule changed from '0 */5 * * * * UTC' to '0 */15 * * * * UTC'",
        'risky acme.ticket_created polling-dedupe-changed: polling dedupe key changed',
        'risky acme.ticket_created polling-steps-changed: polling steps changed: check how the cursor is read and returned',
      ]);
      const noWebhook = await diffWith([], (p) => {
        const text = p.read(ACME);
        p.write(ACME, text.replace(/    webhook:\n[\s\S]*?(?=    polling:)/, ''));
      });
      expect(lines(noWebhook)).to.deep.equal([
        'breaking acme.ticket_created webhook-removed: webhook removed (affects flows/new-ticket-alert.yaml:4:3)',
      ]);
    });
  });

  describe('connectors and user flows', () => {
    it('a removed connector is breaking for every flow that uses it; an added one is safe', async () => {
      const report = await diffWith([], (p) => {
        p.write('connectors/beta.yaml', 'kind: connector\nname: beta\nversion: 0.1.0\nbaseUrl: https://beta.example\nauth: { type: none }\n');
        p.remove(ACME);
      });
      expect(lines(report)).to.deep.equal([
        'breaking acme connector-removed: connector removed (affects flows/escalate.yaml:8:5, flows/new-ticket-alert.yaml:4:3, flows/nightly-close.yaml:7:5)',
        'safe beta connector-added: connector added (version 0.1.0)',
      ]);
    });

    it('a flow added, removed, switched on, or with a new trigger', async () => {
      const report = await diffWith(
        [
          ['flows/nightly-close.yaml', 'enabled: false', 'enabled: true'],
          ['flows/nightly-close.yaml', 'cron: "0 0 2 * * *"', 'cron: "0 0 3 * * *"'],
          ['flows/escalate.yaml', 'link: steps.ticket.url', 'link: steps.ticket.id'],
        ],
        (p) => {
          p.remove('flows/new-ticket-alert.yaml');
          p.write('flows/hello.yaml', 'kind: flow\nname: hello\ntrigger: { manual: {} }\nsteps:\n  - return: { hi: "1" }\n');
        },
      );
      expect(lines(report)).to.deep.equal([
        'safe flow escalate flow-steps-changed: steps changed (behaviour changed)',
        'safe flow hello flow-added: flow added (manual)',
        'risky flow new-ticket-alert flow-removed: flow removed: its executions stop',
        "risky flow nightly-close flow-trigger-changed: trigger changed from schedule '0 0 2 * * *' UTC to schedule '0 0 3 * * *' UTC",
        'risky flow nightly-close flow-enabled: flow enabled: it starts running',
      ]);
    });

    it('a file that no longer parses is reported as not compared, not as removed', async () => {
      const report = await diffWith([[ACME, 'kind: connector\n', 'kind: connector\n  bad: [\n']]);
      expect(lines(report)).to.deep.equal([
        'risky acme definition-unreadable: connectors/acme.yaml cannot be read on the head side: not compared',
      ]);
      expect(report.head.errors).to.be.greaterThan(0);
    });

    it('a file that fails the schema is still compared as far as it reads', async () => {
      const report = await diffWith([
        [ACME, 'title: Create Ticket\n', 'title: Create Ticket\n    colour: blue\n'],
        [ACME, '      url: { title: URL, type: text }\n', ''],
      ]);
      expect(report.head.firstErrors[0]).to.match(/^connectors\/acme\.yaml:\d+:\d+  DEF_UNKNOWN_PROPERTY  /);
      expect(lines(report)).to.deep.equal([
        "breaking acme.create_ticket output-removed: output 'url' removed (affects flows/escalate.yaml:17:13)",
      ]);
    });
  });
});
