// DEF_STEP_KIND: exactly one kind key per step, nested steps included.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from '../compile/compile-fixture.js';

describe('check: step kind', () => {
  it('reports a step with no kind and one with several, naming the keys found', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - id: nothing
          title: does nothing
        - map: "1"
          set: { a: "2" }
        - forEach:
            items: "[1]"
            steps:
              - if: { condition: "true", then: [] }
                return: "1"
                raise: { message: no }
    `;
    expect(problemsOf({ 'flows/f.yaml': flow })).to.deep.equal([
      'flows/f.yaml:5:5 DEF_STEP_KIND a step needs exactly one kind key; found none',
      'flows/f.yaml:7:5 DEF_STEP_KIND a step needs exactly one kind key; found 2: map, set',
      'flows/f.yaml:12:11 DEF_STEP_KIND a step needs exactly one kind key; found 3: if, return, raise',
    ]);
  });

  it('names the kinds in the hint when none is given, and reports `inputs` outside a call', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          steps:
            - title: empty
            - map: "1"
              inputs: { x: "1" }
    `;
    const { diagnostics } = compileTexts({ 'connectors/c.yaml': connector });
    expect(golden(diagnostics)).to.deep.equal([
      'connectors/c.yaml:8:9 DEF_STEP_KIND a step needs exactly one kind key; found none',
      "connectors/c.yaml:10:9 DEF_CONFLICT 'inputs' belongs to a 'call' step, not to a 'map' step",
    ]);
    expect(diagnostics[0]!.hint).to.equal('the kinds are request, map, set, call, forEach, if, try, return, raise, code, action');
  });
});
