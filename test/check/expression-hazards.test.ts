// EXPR_REGEX_UNSAFE, EXPR_REGEX_SLOW and EXPR_EVAL: regexes that can hang the runtime and `$eval` are found when
// the project loads, pointing at the regex or the `$eval` inside the expression.
import { expect } from 'chai';
import { compileTexts, golden, yaml } from '../compile/compile-fixture.js';

describe('check: expression hazards', function () {
  this.timeout(20_000); // the first regex check starts recheck's checker process

  it('refuses exponential regexes, warns about polynomial ones, and accepts linear ones', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          inputs: { text: { type: text } }
          steps:
            - id: m
              map: '$match(inputs.text, /^(\\w+\\s?)*$/)'
            - id: t
              map: '$replace(inputs.text, /\\s+$/, "")'
            - id: fine
              map: '$contains(inputs.text, /^[a-z0-9._-]+@[a-z0-9.-]+$/i)'
            - return: '$split(inputs.text, /(a|a)*b/)'
    `;
    const { diagnostics, model } = compileTexts({ 'connectors/c.yaml': connector });
    const found = golden(diagnostics);
    expect(found).to.have.length(3);
    expect(found[0]).to.match(/^connectors\/c\.yaml:10:35 EXPR_REGEX_UNSAFE \/\^\(\\w\+\\s\?\)\*\$\/ can backtrack exponentially: an input such as .+ would hang the runtime$/);
    expect(found[1]).to.match(/^connectors\/c\.yaml:12:37 EXPR_REGEX_SLOW \/\\s\+\$\/ takes time of degree 2 in the input's length/);
    expect(found[2]).to.match(/^connectors\/c\.yaml:15:38 EXPR_REGEX_UNSAFE \/\(a\|a\)\*b\//);
    expect(diagnostics.map((d) => d.severity)).to.deep.equal(['error', 'warning', 'error']);
    expect(model, 'an error stops the model').to.equal(undefined);
  });

  it('refuses $eval, called or passed around, in connectors and flows', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          inputs: { formula: { type: text } }
          steps:
            - return: "$eval(inputs.formula)"
    `;
    const flow = yaml`
      kind: flow
      name: f
      trigger: { manual: {} }
      steps:
        - return: "($run := $eval; $run('1 + 1'))"
    `;
    const { diagnostics } = compileTexts({ 'connectors/c.yaml': connector, 'flows/f.yaml': flow });
    expect(golden(diagnostics)).to.deep.equal([
      'connectors/c.yaml:9:18 EXPR_EVAL `$eval` runs data as an expression: not allowed in definitions',
      'flows/f.yaml:5:23 EXPR_EVAL `$eval` runs data as an expression: not allowed in definitions',
    ]);
  });
});
