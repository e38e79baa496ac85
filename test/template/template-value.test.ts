import { expect } from 'chai';
import { compileTemplate, compileTemplateValue, renderTemplateValue, templateReferences } from '../../src/template/compile-template.js';
import type { Template } from '../../src/model/model.js';
import type { TemplateProblem } from '../../src/template/compile-template.js';

const origin = { file: 'connectors/acme.yaml', line: 30, column: 11 };

function compileBody(value: unknown) {
  const problems: { path: (string | number)[]; problem: TemplateProblem }[] = [];
  const compiled = compileTemplateValue(value, (s, path): Template | undefined => {
    const r = compileTemplate(s, origin);
    if (r.ok) return r.template;
    problems.push({ path, problem: r.problem });
    return undefined;
  });
  return { compiled, problems };
}

describe('JSON bodies: compileTemplateValue / renderTemplateValue', () => {
  const scope = { inputs: { subject: 'Printer on fire', tags: ['urgent', 'hw'], count: 3, customer: { email: 'a@b.c' } } };

  it('string leaves are templates that keep their type; other leaves are literals', () => {
    const { compiled, problems } = compileBody({
      subject: '{{inputs.subject}}',
      tags: '{{inputs.tags}}',
      count: '{{inputs.count}}',
      summary: '{{inputs.count}} tags',
      customer: { email: '{{inputs.customer.email}}', vip: false, note: null },
      list: ['fixed', 7, '{{inputs.missing}}'],
    });
    expect(problems).to.deep.equal([]);
    expect(renderTemplateValue(compiled, scope)).to.deep.equal({
      subject: 'Printer on fire',
      tags: ['urgent', 'hw'],
      count: 3,
      summary: '3 tags',
      customer: { email: 'a@b.c', vip: false, note: null },
      list: ['fixed', 7, undefined],
    });
  });

  it('a leaf that does not compile is reported with its path and kept as literal text', () => {
    const { compiled, problems } = compileBody({ ok: '{{inputs.count}}', bad: ['x', '{{jsno inputs.tags}}'] });
    expect(problems).to.have.length(1);
    expect(problems[0]!.path).to.deep.equal(['bad', 1]);
    expect(problems[0]!.problem.code).to.equal('TPL_UNKNOWN_HELPER');
    expect(renderTemplateValue(compiled, scope)).to.deep.equal({ ok: 3, bad: ['x', '{{jsno inputs.tags}}'] });
  });

  it('literal strings are stored as literals, and a top-level scalar works too', () => {
    expect(compileBody('plain').compiled).to.deep.equal({ t: 'literal', value: 'plain' });
    expect(renderTemplateValue(compileBody('{{inputs.tags}}').compiled, scope)).to.deep.equal(['urgent', 'hw']);
    expect(renderTemplateValue(compileBody(12).compiled, scope)).to.equal(12);
  });

  it('a key named __proto__ stays an ordinary key', () => {
    const { compiled } = compileBody(JSON.parse('{"__proto__": {"polluted": "{{inputs.count}}"}}'));
    const out = renderTemplateValue(compiled, scope) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(Object.keys(out)).to.deep.equal(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('renders each time afresh: results are not shared between renders', () => {
    const { compiled } = compileBody({ a: { b: '{{inputs.count}}' } });
    const first = renderTemplateValue(compiled, scope) as { a: { b: unknown } };
    first.a.b = 'changed';
    expect(renderTemplateValue(compiled, scope)).to.deep.equal({ a: { b: 3 } });
  });
});

describe('templateReferences', () => {
  const refs = (source: string) => {
    const r = compileTemplate(source, origin);
    if (!r.ok) throw new Error(r.problem.message);
    return templateReferences(r.template);
  };

  it('lists scope paths with their offsets, skipping helper names', () => {
    expect(refs('/repos/{{path inputs.owner}}/issues?state={{query options.state}}')).to.deep.equal([
      { path: ['inputs', 'owner'], offset: 14 },
      { path: ['options', 'state'], offset: 50 },
    ]);
  });

  it('inside each/with only ../ and @root reach the scope; if keeps the context', () => {
    expect(refs('{{#each inputs.list}}{{name}}{{../vars.sep}}{{@root.connection.host}}{{/each}}{{#if steps.a.ok}}{{steps.a.body}}{{/if}}')).to.deep.equal([
      { path: ['inputs', 'list'], offset: 8 },
      { path: ['vars', 'sep'], offset: 31 },
      { path: ['connection', 'host'], offset: 46 },
      { path: ['steps', 'a', 'ok'], offset: 84 },
      { path: ['steps', 'a', 'body'], offset: 98 },
    ]);
  });

  it('finds paths inside subexpressions and on later lines', () => {
    expect(refs('a\n{{#if (eq inputs.kind "x")}}y{{/if}}')).to.deep.equal([{ path: ['inputs', 'kind'], offset: 12 }]);
  });
});
