import { expect } from 'chai';
import { compileTemplate, templateReferences } from '../../src/template/compile-template.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import type { Origin, Template } from '../../src/model/model.js';

function template(source: string, origin: Origin): Template {
  const r = compileTemplate(source, origin);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(source)} to compile: ${r.problem.message}`);
  return r.template;
}

function problem(source: string) {
  const r = compileTemplate(source, { file: 'x.yaml', line: 1, column: 1 });
  if (r.ok) throw new Error(`expected ${JSON.stringify(source)} not to compile`);
  return r.problem;
}

describe('compiled templates share their checked form', () => {
  it('the same text in two places renders alike, and each failure names its own place', () => {
    const a = template('q={{query inputs.text}}', { file: 'connectors/a.yaml', line: 3, column: 9 });
    const b = template('q={{query inputs.text}}', { file: 'flows/b.yaml', line: 40, column: 11 });
    expect(a.render({ inputs: { text: 'a b' } })).to.equal('q=a%20b');
    expect(b.render({ inputs: { text: 'c&d' } })).to.equal('q=c%26d');
    for (const [t, file] of [[a, 'connectors/a.yaml'], [b, 'flows/b.yaml']] as const) {
      let err: unknown;
      try {
        t.render({ inputs: { text: 'bad \uD800' } });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(RuntimeError);
      expect((err as RuntimeError).origin?.file).to.equal(file);
    }
  });

  it('references are known without rendering, stay the same after, and cannot be changed by a caller', () => {
    const t = template('/repos/{{path inputs.owner}}/{{#each inputs.list}}{{name}}{{/each}}', { file: 'x.yaml', line: 1, column: 1 });
    const before = templateReferences(t);
    expect(before).to.deep.equal([{ path: ['inputs', 'owner'], offset: 14 }, { path: ['inputs', 'list'], offset: 37 }]);
    expect(t.render({ inputs: { owner: 'o', list: [{ name: 'n' }] } })).to.equal('/repos/o/n');
    expect(templateReferences(t)).to.equal(before);
    expect(Object.isFrozen(before) && Object.isFrozen(before[0]) && Object.isFrozen(before[0]!.path)).to.equal(true);
  });

  it('whitespace control applies when the first render builds the template', () => {
    const t = template('a  {{~inputs.x~}}  b\n{{#if inputs.x}}\n  yes\n{{/if}}\nend', { file: 'x.yaml', line: 1, column: 1 });
    expect(t.render({ inputs: { x: 'X' } })).to.equal('aXb\n  yes\nend');
  });

  it('bare names Handlebars would call as its removed helpers are refused at load, not at first render', () => {
    for (const name of ['log', 'helperMissing', 'blockHelperMissing']) {
      expect(problem(`a {{${name}}}`)).to.deep.include({ offset: 4, length: name.length, code: 'TPL_UNKNOWN_HELPER' });
    }
  });
});
