import { expect } from 'chai';
import { compileExpression, DEFAULT_EXPRESSION_LIMITS } from '../../src/expr/compile-expression.js';
import type { Expression } from '../../src/model/model.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import { SourceFile } from '../../src/source/source-file.js';

const origin = { file: 'connectors/acme.yaml', line: 12, column: 9 };

function compiled(source: string, limits?: Parameters<typeof compileExpression>[2]): Expression {
  const r = compileExpression(source, origin, limits);
  if (!r.ok) throw new Error(`expected ${source} to compile: ${r.problem.message}`);
  return r.expression;
}

function problem(source: string) {
  const r = compileExpression(source, origin);
  if (r.ok) throw new Error(`expected ${source} not to compile`);
  return r.problem;
}

async function failure(e: Expression, scope: Record<string, unknown>): Promise<RuntimeError> {
  try {
    await e.evaluate(scope);
  } catch (err) {
    expect(err).to.be.instanceOf(RuntimeError);
    return err as RuntimeError;
  }
  throw new Error('expected the evaluation to fail');
}

describe('compileExpression: syntax errors point at the offending text', () => {
  it('an unclosed parenthesis points at the end of the expression', () => {
    const p = problem('(inputs.a + inputs.b');
    expect(p).to.deep.equal({ offset: 19, length: 1, code: 'EXPR_SYNTAX', message: 'Expected ")" before end of expression' });
  });

  it('an unexpected end ignores the trailing newline of a | block', () => {
    const p = problem('inputs.a +\n');
    expect(p.offset).to.equal(9);
    expect(p.message).to.equal('Unexpected end of expression');
  });

  it('a bad operator points at the start of the second operator', () => {
    const p = problem('inputs.a ++ 1');
    expect(p.offset).to.equal(10);
    expect(p.length).to.equal(1);
    expect(p.message).to.equal('The symbol "+" cannot be used as a unary operator');
  });

  it('an unterminated string points at its opening quote, not at the end', () => {
    expect(problem('inputs.name & "abc').offset).to.equal(14);
    expect(problem("'a' & \"it's").offset).to.equal(6);
    expect(problem('"a" & \'b').offset).to.equal(6);
    expect(problem('"abc').message).to.equal('String literal must be terminated by a matching quote');
  });

  it('an unterminated quoted name or regex points at where it opens', () => {
    expect(problem('inputs.`my field').offset).to.equal(7);
    expect(problem('inputs.a / 2 & $match(inputs.s, /ab').offset).to.equal(32);
  });

  it('a stray token points at that token with its length', () => {
    expect(problem('steps.x.y}')).to.include({ offset: 9, length: 1 });
    expect(problem('inputs.a inputs.b')).to.include({ offset: 9, length: 6 });
    expect(problem('1e999')).to.include({ offset: 0, length: 5 });
  });

  it('a bad escape points at the backslash', () => {
    expect(problem('"a\\qb"')).to.include({ offset: 2, length: 2 });
  });

  it('an empty expression is a syntax error at offset 0', () => {
    expect(problem('')).to.include({ offset: 0, length: 1, code: 'EXPR_SYNTAX' });
  });

  it('refuses an expression longer than the limit before parsing it', () => {
    const r = compileExpression(`"${'x'.repeat(DEFAULT_EXPRESSION_LIMITS.maxLength)}"`, origin);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.problem).to.deep.equal({ offset: 0, length: 1, code: 'EXPR_TOO_LONG', message: 'expression is longer than 65536 characters' });
    expect(compileExpression('inputs.a + inputs.b', origin, { maxLength: 5 }).ok).to.equal(false);
  });

  it('the offset maps to the right file position inside a YAML | block', () => {
    const file = new SourceFile('flows/f.yaml', 'steps:\n  - map: |\n      {\n        "a": inputs.a,\n        "b": inputs.b ++ 1\n      }\n');
    const steps = (file.value as { steps: { map: string }[] }).steps;
    const p = problem(steps[0]!.map);
    expect(file.locateInScalar(['steps', 0, 'map'], p.offset, p.length)).to.deep.equal({ line: 5, column: 24, length: 1 });
  });
});

describe('compileExpression: evaluation', () => {
  const scope = {
    inputs: { list: [{ id: 1, tags: ['a'] }, { id: 2, tags: ['b', 'c'] }], name: 'Ada' },
    steps: { created: { body: { id: 42 } } },
  };

  it('reads the scope by name', async () => {
    expect(await compiled('steps.created.body.id').evaluate(scope)).to.equal(42);
    expect(await compiled('"Hello " & inputs.name').evaluate(scope)).to.equal('Hello Ada');
  });

  it('keeps "no match" as undefined', async () => {
    expect(await compiled('inputs.nothing.here').evaluate(scope)).to.equal(undefined);
  });

  it('returns plain arrays, without jsonata sequence marks, also nested', async () => {
    const ids = await compiled('inputs.list.id').evaluate(scope);
    expect(ids).to.deep.equal([1, 2]);
    expect(Object.keys(ids as object)).to.deep.equal(['0', '1']);
    const nested = (await compiled('{ "ids": inputs.list.id, "tags": inputs.list.tags }').evaluate(scope)) as Record<string, unknown>;
    expect(nested).to.deep.equal({ ids: [1, 2], tags: ['a', 'b', 'c'] });
    expect(Object.keys(nested.ids as object)).to.deep.equal(['0', '1']);
    expect(JSON.stringify(nested)).to.equal('{"ids":[1,2],"tags":["a","b","c"]}');
  });

  it('a one-element list result stays a list when fed to the next expression', async () => {
    const one = await compiled('inputs.list[id = 1].id[]').evaluate(scope);
    expect(one).to.deep.equal([1]);
    expect(await compiled('vars.ids').evaluate({ vars: { ids: one } })).to.deep.equal([1]);
  });

  it('a function value is not data: it evaluates to undefined', async () => {
    expect(await compiled('function($x){ $x }').evaluate(scope)).to.equal(undefined);
  });

  it('evaluation errors carry code, actor, origin and jsonata code, never the data', async () => {
    const err = await failure(compiled('$toMillis(inputs.secret)'), { inputs: { secret: 'hunter2-secret' } });
    expect(err.code).to.equal('EXPR_EVALUATION');
    expect(err.actor).to.equal('author');
    expect(err.origin).to.deep.equal(origin);
    expect(err.message).to.contain('D3110');
    expect(err.message).to.contain('toMillis');
    expect(err.message).not.to.contain('hunter2');
  });

  it('a type error names the operator and the position', async () => {
    const err = await failure(compiled('inputs.name + 1'), scope);
    expect(err.code).to.equal('EXPR_EVALUATION');
    expect(err.message).to.match(/T2001/);
    expect(err.message).to.match(/at character 13/);
    expect(err.message).not.to.contain('Ada');
  });

  it('$error() from the author becomes EXPR_EVALUATION with its message', async () => {
    const err = await failure(compiled('$error("no such user")'), scope);
    expect(err.code).to.equal('EXPR_EVALUATION');
    expect(err.message).to.contain('no such user');
  });
});

describe('compileExpression: limits', () => {
  it('endless recursion runs into the depth limit', async () => {
    const err = await failure(compiled('($f := function($x){ 1 + $f($x) }; $f(1))'), {});
    expect(err.code).to.equal('EXPR_DEPTH');
    expect(err.actor).to.equal('author');
    expect(err.origin).to.deep.equal(origin);
    expect(err.message).to.contain(String(DEFAULT_EXPRESSION_LIMITS.maxDepth));
  });

  it('an endless (tail-recursive) loop runs into the time limit', async () => {
    const err = await failure(compiled('($f := function($x){ $f($x) }; $f(1))', { timeoutMs: 100 }), {});
    expect(err.code).to.equal('EXPR_TIMEOUT');
    expect(err.message).to.contain('100 ms');
  });

  it('an undefined limit keeps the default instead of switching the limit off', async () => {
    const err = await failure(compiled('($f := function($x){ 1 + $f($x) }; $f(1))', { maxDepth: undefined, timeoutMs: undefined }), {});
    expect(err.code).to.equal('EXPR_DEPTH');
  });

  it('bounded recursion within the limits works', async () => {
    expect(await compiled('($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))').evaluate({})).to.equal(3628800);
  });
});

describe('compileExpression: one compiled expression, many concurrent evaluations', () => {
  it('50 concurrent evaluations each see their own scope', async () => {
    const e = compiled('$sum(inputs.list.($ * $$.inputs.factor)) & ":" & inputs.id');
    const scopes = Array.from({ length: 50 }, (_, i) => ({ inputs: { id: `run${i}`, factor: i, list: [1, 2, 3] } }));
    const results = await Promise.all(scopes.map((s) => e.evaluate(s)));
    expect(results).to.deep.equal(scopes.map((s, i) => `${6 * i}:run${i}`));
  });

  it('a runaway evaluation times out without affecting concurrent ones of the same expression', async () => {
    const e = compiled('inputs.loop ? ($f := function($x){ $f($x) }; $f(1)) : inputs.id', { timeoutMs: 150 });
    const runs = Array.from({ length: 20 }, (_, i) => ({ inputs: { loop: i % 5 === 0, id: i } }));
    const settled = await Promise.allSettled(runs.map((s) => e.evaluate(s)));
    settled.forEach((r, i) => {
      if (i % 5 === 0) {
        expect(r.status).to.equal('rejected');
        expect((r as PromiseRejectedResult).reason.code).to.equal('EXPR_TIMEOUT');
      } else {
        expect(r).to.deep.equal({ status: 'fulfilled', value: i });
      }
    });
  });
});
