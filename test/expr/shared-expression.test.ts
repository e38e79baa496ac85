import { expect } from 'chai';
import jsonata from 'jsonata';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compileExpression, expressionReferences } from '../../src/expr/compile-expression.js';
import { releaseParserState } from '../../src/expr/release-parser-state.js';
import { WeakValueCache } from '../../src/expr/weak-value-cache.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import type { Expression, Origin } from '../../src/model/model.js';

function compiled(source: string, origin: Origin): Expression {
  const r = compileExpression(source, origin);
  if (!r.ok) throw new Error(`expected ${source} to compile: ${r.problem.message}`);
  return r.expression;
}

const SCOPE = {
  inputs: { a: 1, b: 2, s: 'Hello World', list: [3, 1, 2], tags: ['x', 'y', ''], obj: { k: 'v', n: { m: [1, { z: 2 }] } } },
  steps: { page: { items: [{ id: 1, name: 'a', price: 3, cat: 'x' }, { id: 2, name: 'b', price: 5, cat: 'y' }, { id: 3, name: 'c', price: 1, cat: 'x' }] } },
};

/** One of each kind of node the parser builds: paths, filters, sorts, groups, lambdas, regexes, transforms... */
const EXPRESSIONS = [
  'inputs.a + inputs.b * 2 - 1',
  'inputs.list^(>$)',
  'steps.page.items{cat: $sum(price)}',
  'steps.page.items[price > 2].name',
  'steps.page.items#$i[$i > 0].{"i": $i, "n": name}',
  'steps.page.items@$x.{"n": $x.name}',
  'steps.page.items.{"parent": %.items[0].id}',
  '**.id',
  'inputs.obj.*',
  '[1..5][$ % 2 = 1]',
  '($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))',
  'function($x)<n:n>{ $x * 2 }(3)',
  '$substring(?, 1, 2)("abcdef")',
  'inputs.s ~> $uppercase ~> $split(" ")',
  '$replace(inputs.s, /l+/, "L") & $match(inputs.s, /o/i).index',
  'inputs.obj ~> | n | {"q": 1}, ["m"] |',
  '$reduce(inputs.list, function($a, $b){ $a + $b })',
  'inputs.a in inputs.list and inputs.s != "" or false',
  'inputs.missing ? "yes" : "no"',
  '`inputs`.`a` & "/" & inputs."b"',
  '$$.inputs.tags[$ != ""].$uppercase($)',
  '$sum("x")',
  'inputs.a()',
  '$error("stop")',
];

async function outcome(e: jsonata.Expression): Promise<string> {
  try {
    return JSON.stringify(await e.evaluate(SCOPE)) ?? 'undefined';
  } catch (err) {
    const x = err as { code?: string; position?: number; token?: string; message?: string };
    return `error ${x.code} at ${x.position} (${x.token}): ${x.message}`;
  }
}

describe('compiled expressions share their parsed form', () => {
  it('the same text in two places evaluates alike, and each failure names its own place', async () => {
    const first = compiled('$number(inputs.n) + 1', { file: 'connectors/a.yaml', line: 3, column: 9 });
    const second = compiled('$number(inputs.n) + 1', { file: 'flows/b.yaml', line: 40, column: 11 });
    expect(await first.evaluate({ inputs: { n: '41' } })).to.equal(42);
    expect(await second.evaluate({ inputs: { n: '1' } })).to.equal(2);
    for (const [e, file] of [[first, 'connectors/a.yaml'], [second, 'flows/b.yaml']] as const) {
      const err = await e.evaluate({ inputs: { n: 'x' } }).then(() => undefined, (x: unknown) => x);
      expect(err).to.be.instanceOf(RuntimeError);
      expect((err as RuntimeError).origin?.file).to.equal(file);
    }
  });

  it('references are known without evaluating, stay the same after, and cannot be changed by a caller', async () => {
    const e = compiled('steps.created.body.id & inputs.name', { file: 'x.yaml', line: 1, column: 1 });
    const before = expressionReferences(e);
    expect(before).to.deep.equal([{ path: ['steps', 'created', 'body', 'id'], offset: 0 }, { path: ['inputs', 'name'], offset: 24 }]);
    await e.evaluate({ steps: { created: { body: { id: 'a' } } }, inputs: { name: 'b' } });
    expect(expressionReferences(e)).to.equal(before);
    expect(Object.isFrozen(before) && Object.isFrozen(before[0]) && Object.isFrozen(before[0]!.path)).to.equal(true);
  });

  it('concurrent first evaluations of a new expression all get the right result', async () => {
    const e = compiled('inputs.n * 2', { file: 'x.yaml', line: 1, column: 1 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => e.evaluate({ inputs: { n } })));
    expect(results).to.deep.equal(Array.from({ length: 20 }, (_, n) => n * 2));
  });
});

describe('releaseParserState', () => {
  it('changes no result and no error of evaluation', async () => {
    for (const source of EXPRESSIONS) {
      const released = jsonata(source);
      releaseParserState(released.ast());
      expect(await outcome(released), source).to.equal(await outcome(jsonata(source)));
    }
  });

  it('leaves no node of the tree linked to the parser', () => {
    for (const source of EXPRESSIONS) {
      const ast = jsonata(source).ast();
      releaseParserState(ast);
      const linked: string[] = [];
      const visit = (v: unknown): void => {
        if (v === null || typeof v !== 'object') return;
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== Array.prototype && !(v instanceof RegExp)) linked.push(JSON.stringify(v).slice(0, 60));
        Object.values(v).forEach(visit);
      };
      visit(ast);
      expect(linked, source).to.deep.equal([]);
    }
  });
});

describe('WeakValueCache', () => {
  it('returns what was stored under a key', () => {
    const cache = new WeakValueCache<{ n: number }>();
    const value = { n: 1 };
    cache.set('a', value);
    expect(cache.get('a')).to.equal(value);
    expect(cache.get('b')).to.equal(undefined);
  });

  it('does not keep a value alive that nothing else uses', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const cache = new WeakValueCache<{ n: number }>();
    (() => cache.set('a', { n: 1 }))();
    // A WeakRef holds its target until the current job ends; collect in later turns.
    for (let i = 0; i < 10 && cache.get('a') !== undefined; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(cache.get('a')).to.equal(undefined);
  });
});
