// REF_MISSING_INPUT / REF_UNKNOWN_INPUT for `call` and `action` steps; REF_MISSING_OPTION /
// REF_UNKNOWN_OPTION / REF_INVALID_OPTION for action steps and event triggers.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from '../compile/compile-fixture.js';
import { HELPDESK } from './check-project.js';

describe('check: input mappings', () => {
  it('reports required inputs not mapped and inputs the card does not declare', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - action:
            card: helpdesk.create_ticket
            connection: c
            options: { priority: low }
            inputs:
              subjct: "'Hello'"
              due: "$now()"
        - action: { card: helpdesk.close_ticket, connection: c }
    `;
    const { diagnostics } = compileTexts({ 'connectors/helpdesk.yaml': HELPDESK, 'flows/f.yaml': flow });
    // `body` is required but has a default, so it need not be mapped.
    expect(golden(diagnostics)).to.deep.equal([
      "flows/f.yaml:9:7 REF_MISSING_INPUT input 'subject' of action 'create_ticket' is required but not mapped",
      "flows/f.yaml:10:9 REF_UNKNOWN_INPUT action 'create_ticket' has no input 'subjct' (did you mean 'subject'?)",
      "flows/f.yaml:12:5 REF_MISSING_INPUT input 'id' of action 'close_ticket' is required but not mapped",
    ]);
    expect(diagnostics[1]!.hint).to.equal('its inputs: subject, body, due');
  });

  it('checks `call` steps against the helper or action they call', () => {
    const connector = `${HELPDESK}${[
      '  notify:',
      '    steps:',
      '      - call: find_user',
      `        inputs: { mail: "'a@b.example'" }`,
      '      - call: close_ticket',
      '        inputs: { id: "1" }',
    ].join('\n')}\n`;
    expect(problemsOf({ 'connectors/helpdesk.yaml': connector })).to.deep.equal([
      "connectors/helpdesk.yaml:54:9 REF_MISSING_INPUT input 'email' of helper 'find_user' is required but not mapped",
      "connectors/helpdesk.yaml:54:19 REF_UNKNOWN_INPUT helper 'find_user' has no input 'mail' (did you mean 'email'?)",
    ]);
  });

  it('accepts any input when the card has dynamic inputs, but still requires the declared ones', () => {
    const connector = HELPDESK.replace('  close_ticket:\n', '  close_ticket:\n    dynamicFields: { flow: find_user, target: inputs }\n');
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - action: { card: helpdesk.close_ticket, connection: c, inputs: { custom_field_7: "1" } }
    `;
    expect(problemsOf({ 'connectors/helpdesk.yaml': connector, 'flows/f.yaml': flow })).to.deep.equal([
      "flows/f.yaml:5:59 REF_MISSING_INPUT input 'id' of action 'close_ticket' is required but not mapped",
    ]);
  });
});

describe('check: card options', () => {
  it('reports missing, unknown and invalid options of an action step', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - action:
            card: helpdesk.create_ticket
            connection: c
            inputs: { subject: "'x'" }
            options:
              notfy: true
              retries: "three"
              labels: [a, 2]
        - action:
            card: helpdesk.create_ticket
            connection: c
            inputs: { subject: "'x'" }
            options: { priority: urgnt, notify: "yes" }
    `;
    expect(problemsOf({ 'connectors/helpdesk.yaml': HELPDESK, 'flows/f.yaml': flow })).to.deep.equal([
      "flows/f.yaml:9:7 REF_MISSING_OPTION option 'priority' of action 'create_ticket' is required but not set",
      "flows/f.yaml:10:9 REF_UNKNOWN_OPTION action 'create_ticket' has no option 'notfy' (did you mean 'notify'?)",
      "flows/f.yaml:11:18 REF_INVALID_OPTION option 'retries' must be a number; found 'three'",
      "flows/f.yaml:12:17 REF_INVALID_OPTION option 'labels' must be text; found 2",
      "flows/f.yaml:17:28 REF_INVALID_OPTION option 'priority' must be one of low, normal, high; found 'urgnt'",
      "flows/f.yaml:17:43 REF_INVALID_OPTION option 'notify' must be true or false; found 'yes'",
    ]);
  });

  it('checks the options of an event trigger, and reports them missing where the trigger has none', () => {
    const flow = (name: string, options: string) => yaml`
      kind: flow
      name: ${name}
      trigger:
        event: { connector: helpdesk, card: ticket_created, connection: c${options} }
      steps: [{ map: "1" }]
    `;
    expect(problemsOf({
      'connectors/helpdesk.yaml': HELPDESK,
      'flows/a.yaml': flow('a', ''),
      'flows/b.yaml': flow('b', ', options: { queue: 7 }'),
    })).to.deep.equal([
      "flows/a.yaml:4:3 REF_MISSING_OPTION option 'queue' of event 'ticket_created' is required but not set",
      "flows/b.yaml:4:88 REF_INVALID_OPTION option 'queue' must be text; found 7",
    ]);
  });
});
