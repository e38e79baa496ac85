import { expect } from 'chai';
import { compileTemplate } from '../../src/template/compile-template.js';
import { compileExpression } from '../../src/expr/compile-expression.js';

const origin = { file: 'connectors/acme.yaml', line: 1, column: 1 };

/** What src/compile does to the model before anything runs. */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value as object)) deepFreeze((value as Record<string | symbol, unknown>)[key], seen);
  return Object.freeze(value);
}

describe('compiled templates and expressions inside a deep-frozen model', () => {
  it('still render and evaluate', async () => {
    const templates = ['{{#each inputs.list as |item i|}}{{i}}={{item}};{{/each}}', '{{inputs.list}}', 'plain', '{{json inputs}}'].map((s) => {
      const r = compileTemplate(s, origin);
      if (!r.ok) throw new Error(r.problem.message);
      return deepFreeze(r.template);
    });
    const scope = deepFreeze({ inputs: { list: ['a', 'b'] } });
    expect(templates.map((t) => t.render(scope))).to.deep.equal(['0=a;1=b;', '["a","b"]', 'plain', '{"list":["a","b"]}']);
    expect(templates[1]!.renderValue(scope)).to.equal(scope.inputs.list);

    const r = compileExpression('{ "ids": inputs.list.$uppercase($) }', origin);
    if (!r.ok) throw new Error(r.problem.message);
    const e = deepFreeze(r.expression);
    expect(await e.evaluate(scope)).to.deep.equal({ ids: ['A', 'B'] });
    expect(await e.evaluate(scope)).to.deep.equal({ ids: ['A', 'B'] });
  });
});
