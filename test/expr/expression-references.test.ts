import { expect } from 'chai';
import { compileExpression, expressionReferences } from '../../src/expr/compile-expression.js';

const origin = { file: 'flows/f.yaml', line: 1, column: 1 };

function refs(source: string) {
  const r = compileExpression(source, origin);
  if (!r.ok) throw new Error(r.problem.message);
  return expressionReferences(r.expression);
}

describe('expressionReferences', () => {
  it('lists a root path with the offset of its first name', () => {
    expect(refs('steps.created.body.id')).to.deep.equal([{ path: ['steps', 'created', 'body', 'id'], offset: 0 }]);
  });

  it('finds paths inside functions, operators and object constructors', () => {
    expect(refs('{ "n": $count(steps.page.items) + vars.total }')).to.deep.equal([
      { path: ['steps', 'page', 'items'], offset: 14 },
      { path: ['vars', 'total'], offset: 34 },
    ]);
  });

  it('stops the path at a filter and ignores names relative to the filtered items', () => {
    expect(refs('inputs.list[id = 1].name')).to.deep.equal([{ path: ['inputs', 'list'], offset: 0 }]);
    expect(refs('inputs.list.(name & "x")')).to.deep.equal([{ path: ['inputs', 'list'], offset: 0 }]);
  });

  it('$$ always means the scope, even inside a filter', () => {
    expect(refs('inputs.list[id = $$.vars.wanted]')).to.deep.equal([
      { path: ['inputs', 'list'], offset: 0 },
      { path: ['vars', 'wanted'], offset: 20 },
    ]);
  });

  it('lambda bodies defined at the root read the scope', () => {
    expect(refs('$map(inputs.users, function($u){ $u.id & steps.me.body.id })')).to.deep.equal([
      { path: ['inputs', 'users'], offset: 5 },
      { path: ['steps', 'me', 'body', 'id'], offset: 41 },
    ]);
  });

  it('handles backquoted names and variables bound in blocks', () => {
    expect(refs('`my field`.x')).to.deep.equal([{ path: ['my field', 'x'], offset: 0 }]);
    expect(refs('($x := steps.a.body; $x.id)')).to.deep.equal([{ path: ['steps', 'a', 'body'], offset: 7 }]);
  });

  it('a literal reads nothing', () => {
    expect(refs('"text" & 1')).to.deep.equal([]);
  });
});
