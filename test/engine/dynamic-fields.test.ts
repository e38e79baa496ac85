// The shapes a dynamic fields helper may return, and the ones refused with a clear error.
import { expect } from 'chai';
import { parseFieldList } from '../../src/engine/dynamic-fields.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';

const origin = { file: 'connectors/okta.yaml', line: 40, column: 5 };
const parse = (raw: unknown) => parseFieldList(raw, origin, 'okta.profile_fields');

describe('engine: dynamic field definitions', () => {
  it('accepts a list, a map, and either wrapped as {fields}', () => {
    const expected = { nickName: { title: 'Nickname', type: 'text', required: true } };
    for (const raw of [
      [{ name: 'nickName', title: 'Nickname', type: 'text', required: true }],
      { nickName: { title: 'Nickname', type: 'text', required: true } },
      { fields: [{ name: 'nickName', title: 'Nickname', type: 'text', required: true }] },
      { fields: { nickName: { title: 'Nickname', type: 'text', required: true } } },
    ]) {
      const fields = parse(raw);
      expect(Object.keys(fields)).to.deep.equal(['nickName']);
      expect(fields.nickName).to.deep.include(expected.nickName);
      expect(fields.nickName.origin).to.equal(origin);
    }
  });

  it('keeps a single field that happens to be named `fields`', () => {
    expect(Object.keys(parse({ fields: { type: 'number' } }))).to.deep.equal(['fields']);
  });

  it('refuses unknown types, bad names and non-lists with the helper named', () => {
    const cases: [unknown, RegExp][] = [
      [[{ name: 'x', type: 'money' }], /okta\.profile_fields field 'x' has unknown type 'money'/],
      [[{ name: '__proto__', type: 'text' }], /field name '__proto__' is not a valid name/],
      ['nope', /must return a list of field definitions/],
    ];
    for (const [raw, message] of cases) {
      expect(() => parse(raw)).to.throw(RuntimeError, message);
    }
  });
});
