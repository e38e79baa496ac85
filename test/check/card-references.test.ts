// REF_UNKNOWN_CONNECTOR / REF_UNKNOWN_CARD / REF_UNKNOWN_FLOW and trigger conflicts: what flows and call
// steps name must exist and be of the right kind; messages say what exists and suggest the nearest name.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from '../compile/compile-fixture.js';
import { HELPDESK } from './check-project.js';

describe('check: card references', () => {
  it('suggests the nearest card and connector, and lists what exists', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - action:
            card: helpdesk.create_tiket
            connection: my-helpdesk
            options: { priority: low }
            inputs: { subject: "'x'" }
        - action: { card: helpdsk.create_ticket, connection: c }
        - action: { card: create_ticket, connection: c }
    `;
    const { diagnostics } = compileTexts({ 'connectors/helpdesk.yaml': HELPDESK, 'flows/f.yaml': flow });
    expect(golden(diagnostics)).to.deep.equal([
      "flows/f.yaml:6:22 REF_UNKNOWN_CARD connector 'helpdesk' has no action 'create_tiket' (did you mean 'create_ticket'?)",
      "flows/f.yaml:10:21 REF_UNKNOWN_CONNECTOR unknown connector 'helpdsk' (did you mean 'helpdesk'?)",
      "flows/f.yaml:11:21 REF_UNKNOWN_CARD 'create_ticket' does not say its connector: write it as connector.card",
    ]);
    expect(diagnostics[0]!.hint).to.equal('its actions: create_ticket, close_ticket');
    // The range covers the card part of `helpdesk.create_tiket` only.
    expect(diagnostics[0]!.length).to.equal('create_tiket'.length);
    expect(diagnostics[1]!.hint).to.equal('connectors in this project: helpdesk');
  });

  it('reports an action step naming an event and a trigger naming an action', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger:
        event: { connector: helpdesk, card: close_ticket, connection: c }
      steps:
        - action: { card: helpdesk.ticket_created, connection: c }
    `;
    expect(problemsOf({ 'connectors/helpdesk.yaml': HELPDESK, 'flows/f.yaml': flow })).to.deep.equal([
      "flows/f.yaml:4:39 REF_UNKNOWN_CARD 'close_ticket' is an action of connector 'helpdesk', not an event; a trigger names an event",
      "flows/f.yaml:6:30 REF_UNKNOWN_CARD 'ticket_created' is an event of connector 'helpdesk', not an action; an action step names an action",
    ]);
  });

  it('does not report references into a connector whose file failed schema validation', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger:
        event: { connector: helpdesk, card: anything, connection: c, options: { x: 1 } }
      steps:
        - action: { card: helpdesk.whatever, connection: c, inputs: { y: "1" } }
    `;
    expect(problemsOf({ 'connectors/helpdesk.yaml': HELPDESK, 'flows/f.yaml': flow }, { invalid: ['connectors/helpdesk.yaml'] })).to.deep.equal([]);
  });

  it('reports `call` targets that are no helper or action of the connector, and dynamicFields helpers', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          dynamicFields: { flow: field_list, target: inputs }
          steps:
            - call: find_usr
            - call: pushed
            - call: fields_list
      events:
        pushed:
          webhook: { register: { steps: [{ return: "{}" }] }, verify: { scheme: none }, records: body }
      helpers:
        fields_list: { steps: [{ return: "[]" }] }
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:7:28 REF_UNKNOWN_FLOW connector 'c' has no helper 'field_list' (did you mean 'fields_list'?)",
      "connectors/c.yaml:9:15 REF_UNKNOWN_FLOW connector 'c' has no helper or action 'find_usr'",
      "connectors/c.yaml:10:15 REF_UNKNOWN_FLOW 'pushed' is an event; 'call' names a helper or action",
    ]);
  });
});

describe('check: triggers', () => {
  it('reports a trigger with no kind or several kinds', () => {
    const none = yaml`
      kind: flow
      name: f
      trigger: {}
      steps: [{ map: "1" }]
    `;
    const several = yaml`
      kind: flow
      name: g
      trigger:
        manual: {}
        schedule: { cron: "* * * * *" }
      steps: [{ map: "1" }]
    `;
    expect(problemsOf({ 'flows/f.yaml': none, 'flows/g.yaml': several })).to.deep.equal([
      'flows/f.yaml:3:1 DEF_CONFLICT a trigger needs one of event, schedule or manual; found none',
      'flows/g.yaml:3:1 DEF_CONFLICT a trigger has exactly one of event, schedule or manual; found schedule, manual',
    ]);
  });

  it('reports `via` naming a source the event lacks, and polling settings on a webhook trigger', () => {
    const flow = (name: string, event: string) => yaml`
      kind: flow
      name: ${name}
      trigger:
        event: ${event}
      steps: [{ map: "1" }]
    `;
    expect(problemsOf({
      'connectors/helpdesk.yaml': HELPDESK,
      'flows/a.yaml': flow('a', '{ connector: helpdesk, card: ticket_closed, connection: c, via: polling }'),
      'flows/b.yaml': flow('b', '{ connector: helpdesk, card: ticket_created, connection: c, options: { queue: q }, schedule: "* * * * *" }'),
      'flows/c.yaml': flow('c', '{ connector: helpdesk, card: ticket_closed, connection: c, initial: { last: 1, since: "2026-01-01T00:00:00Z" } }'),
    })).to.deep.equal([
      "flows/a.yaml:4:74 DEF_CONFLICT event 'ticket_closed' of 'helpdesk' has no polling monitor; it arrives by webhook",
      "flows/b.yaml:4:93 DEF_CONFLICT 'schedule' applies only to polling; this trigger receives event 'ticket_created' of 'helpdesk' by webhook",
      "flows/c.yaml:4:69 DEF_CONFLICT 'initial' applies only to polling; this trigger receives event 'ticket_closed' of 'helpdesk' by webhook",
      "flows/c.yaml:4:89 DEF_CONFLICT 'initial' takes 'last' or 'since', not both",
    ]);
  });
});
