// REF_UNKNOWN_FIELD and DEF_SECRET_EXPOSED: what connector texts read from `connection`, `inputs` and
// `options` must be declared (implied connection fields included); secrets belong in auth templates.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from '../compile/compile-fixture.js';

describe('check: field references', () => {
  it('reports unknown connection fields, inputs and options with suggestions', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://{{connection.subdomian}}.c.example
      connection:
        fields:
          subdomain: { type: text }
      actions:
        a:
          options: { region: { type: text } }
          inputs: { email: { type: text } }
          steps:
            - request:
                method: GET
                url: "/users/{{query inputs.emial}}?r={{options.regoin}}"
            - map: "inputs.email & options.region & connection.subdomain"
      events:
        e:
          options: { queue: { type: text } }
          polling:
            schedule: "* * * * *"
            steps: [{ return: "{ 'records': [inputs.x, options.queue, options.q] }" }]
      system:
        authping:
          steps: [{ return: "{ 'label': inputs.x & options.anything }" }]
    `;
    const { diagnostics } = compileTexts({ 'connectors/c.yaml': connector });
    expect(golden(diagnostics)).to.deep.equal([
      "connectors/c.yaml:4:20 REF_UNKNOWN_FIELD unknown connection field 'subdomian' (did you mean 'subdomain'?)",
      "connectors/c.yaml:15:32 REF_UNKNOWN_FIELD action 'a' has no input 'emial' (did you mean 'email'?)",
      "connectors/c.yaml:15:51 REF_UNKNOWN_FIELD action 'a' has no option 'regoin' (did you mean 'region'?)",
      "connectors/c.yaml:22:40 REF_UNKNOWN_FIELD event 'e' has no input 'x'",
      "connectors/c.yaml:22:65 REF_UNKNOWN_FIELD event 'e' has no option 'q'",
      "connectors/c.yaml:25:35 REF_UNKNOWN_FIELD system flow 'authping' has no input 'x'",
    ]);
    expect(diagnostics[0]!.hint).to.equal('connection fields: subdomain');
  });

  it('knows the fields the auth scheme implies', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example/{{connection.username}}
      auth: { type: basic }
      actions:
        a:
          steps: [{ map: "connection.usernme" }]
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:8:21 REF_UNKNOWN_FIELD unknown connection field 'usernme' (did you mean 'username'?)",
    ]);
  });

  it('warns when a step or the base URL reads a secret, but not in auth templates or the revoke flow', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example/{{connection.apiKey}}
      connection:
        fields:
          apiKey: { type: secret }
      auth:
        type: custom
        headers: { Authorization: "Key {{connection.apiKey}}" }
      actions:
        a:
          steps:
            - request: { method: GET, url: "/x?key={{connection.apiKey}}" }
      system:
        revoke:
          steps: [{ request: { method: POST, url: "/revoke/{{connection.apiKey}}" } }]
    `;
    const { diagnostics, model } = compileTexts({ 'connectors/c.yaml': connector });
    expect(golden(diagnostics)).to.deep.equal([
      "connectors/c.yaml:4:30 DEF_SECRET_EXPOSED secret field 'apiKey' is read in the base URL; only auth templates should read secrets",
      "connectors/c.yaml:14:48 DEF_SECRET_EXPOSED secret field 'apiKey' is read in a step; only auth templates should read secrets",
    ]);
    expect(diagnostics.map((d) => d.severity)).to.deep.equal(['warning', 'warning']);
    // A warning does not stop the model.
    expect(model).to.not.equal(undefined);
  });

  it('does not check inputs when the card has dynamic inputs, nor names in user flows', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          dynamicFields: { flow: fields, target: both }
          steps: [{ map: "inputs.custom_7" }]
      helpers:
        fields: { steps: [{ return: "[]" }] }
    `;
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps: [{ map: "inputs.anything & connection.anything" }]
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector, 'flows/f.yaml': flow })).to.deep.equal([]);
  });
});
