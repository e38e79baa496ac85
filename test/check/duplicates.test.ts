// DEF_DUPLICATE_NAME and DEF_DUPLICATE_FILE: one namespace for a connector's cards and helpers, unique step
// ids per flow body (nested included), unique connector and flow names across files.
import { expect } from 'chai';
import { problemsOf, yaml } from '../compile/compile-fixture.js';

describe('check: duplicate names', () => {
  it('reports a card or helper reusing a name, at the later key', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        sync: { steps: [{ map: "1" }] }
      events:
        sync:
          polling: { schedule: "* * * * *", steps: [{ return: "{'records': []}" }] }
      helpers:
        sync: { steps: [{ map: "1" }] }
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:8:3 DEF_DUPLICATE_NAME 'sync' is already the name of an action (line 6)",
      "connectors/c.yaml:11:3 DEF_DUPLICATE_NAME 'sync' is already the name of an action (line 6)",
    ]);
  });

  it('reports a step id used twice in one flow body, nested steps included, but not across bodies', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          steps:
            - id: page
              map: "1"
            - if:
                condition: "true"
                then:
                  - id: page
                    map: "2"
        b:
          steps:
            - id: page
              map: "1"
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:13:19 DEF_DUPLICATE_NAME step id 'page' is already used at line 8 in this flow",
    ]);
  });

  it('reports two files defining the same connector or flow, at the second name', () => {
    const connector = (title: string) => yaml`
      kind: connector
      name: acme
      title: ${title}
      version: 1.0.0
      baseUrl: https://acme.example
    `;
    const flow = yaml`
      kind: flow
      name: acme
      trigger: { manual: {} }
      steps: [{ map: "1" }]
    `;
    expect(problemsOf({
      'connectors/b.yaml': connector('B'),
      'connectors/a.yaml': connector('A'),
      'flows/acme.yaml': flow,
      'flows/acme-copy.yaml': flow,
    })).to.deep.equal([
      "connectors/b.yaml:2:7 DEF_DUPLICATE_FILE connector 'acme' is already defined in connectors/a.yaml",
      "flows/acme.yaml:2:7 DEF_DUPLICATE_FILE flow 'acme' is already defined in flows/acme-copy.yaml",
    ]);
  });

  it('counts files that failed schema validation too', () => {
    const text = yaml`
      kind: connector
      name: acme
      version: 1.0.0
      baseUrl: https://acme.example
    `;
    expect(problemsOf({ 'connectors/a.yaml': text, 'connectors/b.yaml': text }, { invalid: ['connectors/a.yaml'] })).to.deep.equal([
      "connectors/b.yaml:2:7 DEF_DUPLICATE_FILE connector 'acme' is already defined in connectors/a.yaml",
    ]);
  });
});
