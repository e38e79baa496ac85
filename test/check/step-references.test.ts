// REF_UNKNOWN_STEP: `steps.<id>` reads only steps that ran before: earlier steps of the same body or of the
// bodies around it. The column points inside the expression or template.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from '../compile/compile-fixture.js';

describe('check: step references', () => {
  it('accepts earlier steps of the same and enclosing bodies', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - id: first
          map: "1"
        - id: loop
          forEach:
            items: "[steps.first]"
            steps:
              - id: inner
                map: "steps.first + item"
              - if:
                  condition: "steps.inner > 1"
                  then:
                    - raise: { message: "{{steps.inner}} after {{steps.first}}" }
        - return: "steps.loop"
    `;
    expect(problemsOf({ 'flows/f.yaml': flow })).to.deep.equal([]);
  });

  it('reports later steps, the step itself, steps inside other blocks, and unknown ids with a suggestion', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - id: created
          map: "steps.created"
        - id: check
          forEach:
            items: "steps.later.ok"
            steps:
              - id: nested
                map: "1"
        - map: "steps.nested"
        - map: "steps.craeted.id"
        - id: later
          map: "1"
    `;
    const { diagnostics } = compileTexts({ 'flows/f.yaml': flow });
    expect(golden(diagnostics)).to.deep.equal([
      "flows/f.yaml:6:11 REF_UNKNOWN_STEP step 'created' cannot read its own output",
      "flows/f.yaml:9:15 REF_UNKNOWN_STEP step 'later' (line 15) runs after this one; only earlier steps can be read",
      "flows/f.yaml:13:11 REF_UNKNOWN_STEP step 'nested' (line 11) is inside another block; only earlier steps of this block and the blocks around it can be read",
      "flows/f.yaml:14:11 REF_UNKNOWN_STEP no earlier step has the id 'craeted' (did you mean 'created'?)",
    ]);
    // The range covers `steps.<id>`.
    expect(diagnostics.map((d) => d.length)).to.deep.equal([13, 11, 12, 13]);
  });

  it('lets later steps read steps inside an earlier if or try (shared scope), and catch read its try block', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - if:
            condition: "true"
            then:
              - id: chosen
                map: "1"
            else:
              - id: other
                map: "2"
        - try:
            steps:
              - id: attempt
                map: "3"
            catch:
              - id: recovered
                map: "steps.attempt"
        - map: "[steps.chosen, steps.other, steps.attempt, steps.recovered]"
    `;
    expect(golden(compileTexts({ 'flows/f.yaml': flow }).diagnostics)).to.deep.equal([]);
  });

  it('points inside a `|` block and inside a template', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          steps:
            - id: page
              request: { method: GET, url: "/x" }
            - id: out
              map: |
                {
                  "id": steps.page.body.id,
                  "next": steps.pgae.body.next
                }
            - request:
                method: POST
                url: "/y/{{path steps.out.id}}/{{steps.nope}}"
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:14:21 REF_UNKNOWN_STEP no earlier step has the id 'pgae' (did you mean 'page'?)",
      "connectors/c.yaml:18:44 REF_UNKNOWN_STEP no earlier step has the id 'nope'",
    ]);
  });

  it('does not treat names in expressions over a response or record as scope references', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          steps:
            - request:
                method: GET
                url: /x
                paginate: { style: cursor, items: body.steps, cursor: steps.next }
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([]);
  });

  it('keeps each root body separate: a webhook register flow cannot read a polling step', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      events:
        e:
          webhook:
            register: { steps: [{ return: "steps.page" }] }
            verify: { scheme: none }
            records: body
          polling:
            schedule: "* * * * *"
            steps:
              - id: page
                request: { method: GET, url: /x }
              - return: "{ 'records': steps.page.body }"
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:8:38 REF_UNKNOWN_STEP no earlier step has the id 'page'",
    ]);
  });
});
