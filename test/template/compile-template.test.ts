import { expect } from 'chai';
import { compileTemplate, TEMPLATE_HELPERS, templateReferences } from '../../src/template/compile-template.js';
import type { Template } from '../../src/model/model.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import { SourceFile } from '../../src/source/source-file.js';

const origin = { file: 'connectors/acme.yaml', line: 20, column: 14 };

function template(source: string): Template {
  const r = compileTemplate(source, origin);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(source)} to compile: ${r.problem.message}`);
  return r.template;
}

function problem(source: string) {
  const r = compileTemplate(source, origin);
  if (r.ok) throw new Error(`expected ${JSON.stringify(source)} not to compile`);
  return r.problem;
}

function renderFailure(render: () => unknown): RuntimeError {
  try {
    render();
  } catch (err) {
    expect(err).to.be.instanceOf(RuntimeError);
    return err as RuntimeError;
  }
  throw new Error('expected rendering to fail');
}

describe('compileTemplate: syntax errors are found at load time, with exact offsets', () => {
  it('an unclosed block points at its opening tag', () => {
    expect(problem('Hi {{#if inputs.x}} there')).to.deep.equal({
      offset: 3, length: 5, code: 'TPL_SYNTAX', message: "'{{#if}}' is never closed: add '{{/if}}'",
    });
  });

  it('the innermost unclosed block is named', () => {
    const p = problem('{{#each inputs.list}}{{#if this}}x{{/if}}{{#with this}}y');
    expect(p).to.include({ offset: 41, code: 'TPL_SYNTAX' });
    expect(p.message).to.contain('{{#with}}');
  });

  it('a mustache closed by a single brace points at that brace, also on a later line', () => {
    const p = problem('/x\n  {{foo bar}');
    expect(p).to.include({ offset: 14, length: 1, code: 'TPL_SYNTAX' });
    expect(p.message).to.match(/^unexpected '\}'; expected '\}\}'/);
  });

  it("'}}}' right after a value explains the fix", () => {
    const p = problem('{"a": {{json inputs.a}}}');
    expect(p).to.include({ offset: 21, length: 3 });
    expect(p.message).to.contain("'}} }'");
  });

  it('an empty mustache and a bad path segment are syntax errors at the token', () => {
    expect(problem('a {{ }}')).to.include({ offset: 5, code: 'TPL_SYNTAX' });
    expect(problem('{{inputs.[x}}')).to.include({ offset: 9, code: 'TPL_SYNTAX' });
  });

  it('an unclosed comment points at its {{', () => {
    expect(problem('ok {{!-- not closed')).to.include({ offset: 3, length: 2 });
  });

  it('mismatched block ends name both blocks', () => {
    const p = problem('x\n{{#each inputs.list}}{{/if}}');
    expect(p).to.include({ offset: 5, length: 4 });
    expect(p.message).to.equal("'{{/if}}' closes '{{#each}}': they must match");
  });

  it('an unknown helper is reported with a suggestion', () => {
    expect(problem('/search?q={{qeury inputs.q}}')).to.deep.equal({
      offset: 12, length: 5, code: 'TPL_UNKNOWN_HELPER', message: "unknown helper 'qeury' (did you mean 'query'?)",
    });
    expect(problem('{{#if (eqq a b)}}x{{/if}}')).to.include({ offset: 7, code: 'TPL_UNKNOWN_HELPER', message: "unknown helper 'eqq' (did you mean 'eq'?)" });
    expect(problem('{{#each2 inputs.x}}{{/each2}}').message).to.equal("unknown helper 'each2' (did you mean 'each'?)");
    expect(problem('{{frobnicate inputs.x}}').message).to.equal("unknown helper 'frobnicate'");
  });

  it('log, helperMissing and blockHelperMissing are not available', () => {
    expect(problem('{{log inputs.x}}').code).to.equal('TPL_UNKNOWN_HELPER');
    expect(problem('{{#inputs.list}}x{{/inputs.list}}').code).to.equal('TPL_UNKNOWN_HELPER');
  });

  it('helpers used the wrong way or with the wrong number of arguments', () => {
    expect(problem('{{eq inputs.a}}')).to.include({ offset: 2, message: "'eq' takes 2 arguments, not 1" });
    expect(problem('{{if inputs.a}}').message).to.contain('block helper');
    expect(problem('{{#json inputs.a}}x{{/json}}').message).to.contain('not a block helper');
    expect(problem('{{#each}}x{{/each}}').message).to.equal("'each' takes 1 argument, not 0");
  });

  it('partials and decorators are refused', () => {
    expect(problem('a {{> header}}')).to.include({ offset: 2, code: 'TPL_SYNTAX' });
    expect(problem('{{* deco}}').code).to.equal('TPL_SYNTAX');
  });

  it('the offset maps to the right file position in a quoted YAML value', () => {
    const file = new SourceFile('connectors/acme.yaml', 'request:\n  url: "/users/{{pth inputs.id}}"\n');
    const url = (file.value as { request: { url: string } }).request.url;
    const p = problem(url);
    expect(file.locateInScalar(['request', 'url'], p.offset, p.length)).to.deep.equal({ line: 2, column: 18, length: 3 });
  });

  it('lists exactly the documented helpers', () => {
    expect([...TEMPLATE_HELPERS].sort()).to.deep.equal(
      ['and', 'base64', 'default', 'each', 'eq', 'if', 'json', 'lookup', 'ne', 'not', 'or', 'path', 'query', 'unless', 'urlencode', 'with'],
    );
  });
});

describe('Template.render', () => {
  const scope = {
    inputs: { obj: { a: 1, b: 'x' }, list: [1, 'two'], n: 5, zero: 0, text: 'Tom & Jerry <b>', none: null },
    connection: { subdomain: 'acme' },
  };

  it('a template without {{ is literal and returns its source', () => {
    const t = template('/api/v2/tickets?sort=a&b');
    expect(t.isLiteral).to.equal(true);
    expect(t.render(scope)).to.equal('/api/v2/tickets?sort=a&b');
    expect(t.renderValue(scope)).to.equal('/api/v2/tickets?sort=a&b');
    expect(templateReferences(t)).to.deep.equal([]);
  });

  it('renders values as text: objects and lists as JSON, numbers as digits, null/undefined as nothing', () => {
    const t = template('o={{inputs.obj}} l={{inputs.list}} n={{inputs.n}} z={{inputs.zero}} null={{inputs.none}} u={{inputs.missing}}');
    expect(t.isLiteral).to.equal(false);
    expect(t.render(scope)).to.equal('o={"a":1,"b":"x"} l=[1,"two"] n=5 z=0 null= u=');
  });

  it('a single mustache renders the same text through render', () => {
    expect(template('{{inputs.obj}}').render(scope)).to.equal('{"a":1,"b":"x"}');
    expect(template('{{inputs.n}}').render(scope)).to.equal('5');
    expect(template('{{inputs.missing}}').render(scope)).to.equal('');
  });

  it('does not escape HTML', () => {
    expect(template('{{inputs.text}}!').render(scope)).to.equal('Tom & Jerry <b>!');
    expect(template('{{{inputs.text}}}!').render(scope)).to.equal('Tom & Jerry <b>!');
  });

  it('runs the built-in blocks', () => {
    expect(template('{{#each inputs.list}}[{{@index}}:{{this}}]{{/each}}').render(scope)).to.equal('[0:1][1:two]');
    expect(template('{{#with inputs.obj}}{{a}}-{{b}}-{{../connection.subdomain}}{{/with}}').render(scope)).to.equal('1-x-acme');
    expect(template('{{#if inputs.zero}}yes{{else}}no{{/if}} {{#unless inputs.none}}none{{/unless}}').render(scope)).to.equal('no none');
    expect(template('{{lookup inputs.obj "b"}}').render(scope)).to.equal('x');
  });

  it('never reaches prototypes: __proto__, constructor and inherited methods render nothing', () => {
    const printed: unknown[] = [];
    const saved = { error: console.error, warn: console.warn, log: console.log };
    console.error = console.warn = console.log = (...args: unknown[]) => void printed.push(args);
    try {
      for (const source of [
        '{{inputs.__proto__}}', '{{inputs.constructor}}', '{{inputs.constructor.name}}', '{{inputs.obj.toString}}',
        '{{lookup inputs "constructor"}}', '{{lookup inputs "__proto__"}}', 'x{{inputs.constructor.constructor}}',
        '{{#with inputs.__proto__}}{{constructor}}{{/with}}', '{{#each inputs.constructor}}x{{/each}}',
        '{{json inputs.obj.constructor}}', '{{inputs.obj.hasOwnProperty}}',
      ]) {
        const t = template(source);
        expect(t.render(scope).replace(/^x/, ''), source).to.be.oneOf(['', 'null']);
        expect(t.renderValue(scope), source).to.be.oneOf([undefined, '', 'null', 'x']);
      }
    } finally {
      Object.assign(console, saved);
    }
    expect(printed).to.deep.equal([]);
  });

  it('keeps a data key named "constructor" that is the object\'s own', () => {
    expect(template('{{inputs.constructor}}').render({ inputs: JSON.parse('{"constructor":"own"}') })).to.equal('own');
  });

  it('errors while rendering become TPL_RENDER with the origin', () => {
    const broken = { inputs: { text: 'bad \uD800 surrogate' } };
    for (const source of ['{{query inputs.text}}', 'q={{query inputs.text}}']) {
      const err = renderFailure(() => template(source).render(broken));
      expect(err.code).to.equal('TPL_RENDER');
      expect(err.actor).to.equal('author');
      expect(err.origin).to.deep.equal(origin);
      expect(err.message).not.to.contain('surrogate');
    }
    expect(renderFailure(() => template('{{query inputs.text}}').renderValue(broken)).code).to.equal('TPL_RENDER');
  });

  it('bounds loop iterations per render', () => {
    const many = Array.from({ length: 400 }, (_, i) => i);
    const t = template('{{#each inputs.a}}{{#each ../inputs.b}}.{{/each}}{{/each}}');
    const err = renderFailure(() => t.render({ inputs: { a: many, b: many } }));
    expect(err.code).to.equal('TPL_RENDER');
    expect(err.message).to.contain('100000');
    expect(t.render({ inputs: { a: [1, 2], b: [1, 2, 3] } })).to.equal('......');
  });
});

describe('Template.renderValue keeps types', () => {
  const scope = { inputs: { tags: ['a', 'b'], n: 5, obj: { k: true }, empty: '' }, cursor: null };

  it('a single plain path returns the raw value', () => {
    expect(template('{{inputs.tags}}').renderValue(scope)).to.deep.equal(['a', 'b']);
    expect(template('{{inputs.n}}').renderValue(scope)).to.equal(5);
    expect(template('{{inputs.obj}}').renderValue(scope)).to.deep.equal({ k: true });
    expect(template('{{inputs.missing}}').renderValue(scope)).to.equal(undefined);
    expect(template('{{@root.inputs.n}}').renderValue(scope)).to.equal(5);
    expect(template('{{inputs.tags.[1]}}').renderValue(scope)).to.equal('b');
  });

  it('a single helper call returns what the helper returns', () => {
    expect(template('{{json inputs.obj}}').renderValue(scope)).to.equal('{"k":true}');
    expect(template("{{default cursor '1970-01-01T00:00:00Z'}}").renderValue(scope)).to.equal('1970-01-01T00:00:00Z');
    expect(template('{{default inputs.n 0}}').renderValue(scope)).to.equal(5);
    expect(template('{{default inputs.empty inputs.tags}}').renderValue(scope)).to.deep.equal(['a', 'b']);
    expect(template('{{eq inputs.n 5}}').renderValue(scope)).to.equal(true);
    expect(template('{{not (eq inputs.n 5)}}').renderValue(scope)).to.equal(false);
    expect(template('{{lookup inputs "n"}}').renderValue(scope)).to.equal(5);
  });

  it('anything more than one mustache renders a string', () => {
    expect(template('{{inputs.n}} items').renderValue(scope)).to.equal('5 items');
    expect(template(' {{inputs.n}}').renderValue(scope)).to.equal(' 5');
  });
});

describe('template helpers', () => {
  const render = (source: string, inputs: Record<string, unknown>) => template(source).render({ inputs });

  it('path encodes one segment: no /, ?, # or traversal', () => {
    expect(render('/repos/{{path inputs.o}}/{{path inputs.r}}', { o: 'a/b?c#d', r: 'x y' })).to.equal('/repos/a%2Fb%3Fc%23d/x%20y');
    expect(render('/a/{{path inputs.s}}/b', { s: '..' })).to.equal('/a/%2E%2E/b');
    expect(render('/a/{{path inputs.s}}/b', { s: '.' })).to.equal('/a/%2E/b');
    expect(render('/a/{{path inputs.s}}', { s: '../../admin' })).to.equal('/a/..%2F..%2Fadmin');
    expect(render('/a/{{path inputs.s}}', { s: 42 })).to.equal('/a/42');
  });

  it('query encodes & = and spaces', () => {
    expect(render('?q={{query inputs.q}}&x=1', { q: 'a&b=c d+e' })).to.equal('?q=a%26b%3Dc%20d%2Be&x=1');
  });

  it('json writes JSON text, and null for nothing', () => {
    expect(render('{"a": {{json inputs.a}}, "b": {{json inputs.b}} }', { a: { x: [1, 'y'] } })).to.equal('{"a": {"x":[1,"y"]}, "b": null }');
    expect(render('{{json inputs.s}}', { s: 'quote " and \\' })).to.equal('"quote \\" and \\\\"');
  });

  it('base64 and urlencode', () => {
    expect(render('Basic {{base64 inputs.u}}', { u: 'user:pässword' })).to.equal(`Basic ${Buffer.from('user:pässword').toString('base64')}`);
    expect(render('{{urlencode inputs.f}}', { f: { grant_type: 'client_credentials', scope: 'a b', skip: null } })).to.equal('grant_type=client_credentials&scope=a+b');
    expect(render('{{urlencode inputs.s}}', { s: 'a b&c' })).to.equal('a+b%26c');
  });

  it('default, eq, ne, and, or, not', () => {
    expect(render('{{default inputs.a "x"}}|{{default inputs.b "x"}}|{{default inputs.c "x"}}', { a: '', b: 0, c: null })).to.equal('x|0|x');
    expect(render('{{#if (eq inputs.s "open")}}O{{/if}}{{#if (ne inputs.s "open")}}N{{/if}}', { s: 'open' })).to.equal('O');
    expect(render('{{#if (and inputs.a inputs.b)}}A{{/if}}{{#if (or inputs.a inputs.c)}}O{{/if}}{{#if (not inputs.c)}}N{{/if}}', { a: 1, b: 'x', c: [] })).to.equal('AON');
  });
});
