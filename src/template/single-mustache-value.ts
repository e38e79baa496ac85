// A template that is exactly one `{{...}}` yields a value, not text: `{{inputs.tags}}` stays a list and
// `{{default a b}}` returns whatever the helper returns. Such templates are evaluated here, without
// Handlebars, with the same rules: own properties only, our helpers, `lookup`.
import { OUR_HELPERS } from './template-helpers.js';
import type { Scope } from '../model/model.js';

export type ValueReader = (scope: Scope) => unknown;

/** A reader for a template made of a single mustache, or undefined when the template is anything else. */
export function singleMustacheReader(program: hbs.AST.Program): ValueReader | undefined {
  if (program.body.length !== 1) return undefined;
  const only = program.body[0]!;
  if (only.type !== 'MustacheStatement') return undefined;
  const m = only as hbs.AST.MustacheStatement;
  const name = helperName(m.path);
  if (name !== undefined && isInlineHelper(name)) return helperCall(name, m.params);
  if (m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0) return undefined;
  return m.path.type === 'PathExpression' ? pathReader(m.path as hbs.AST.PathExpression) : undefined;
}

/** Own, non-inherited property: what Handlebars' prototype-access rules allow. */
export function lookupOwn(parent: unknown, key: unknown): unknown {
  if (parent === null || parent === undefined) return undefined;
  const k = typeof key === 'number' ? String(key) : key;
  if (typeof k !== 'string') return undefined;
  if (typeof parent !== 'object' && typeof parent !== 'string') return undefined;
  return Object.prototype.hasOwnProperty.call(parent, k) ? (parent as Record<string, unknown>)[k] : undefined;
}

function isInlineHelper(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(OUR_HELPERS, name) || name === 'lookup';
}

function helperName(path: hbs.AST.Node): string | undefined {
  const p = path as hbs.AST.PathExpression;
  if (p.type !== 'PathExpression' || p.data || p.depth !== 0 || p.parts.length !== 1) return undefined;
  return p.parts[0];
}

function helperCall(name: string, params: hbs.AST.Expression[]): ValueReader {
  const args = params.map(argumentReader);
  if (name === 'lookup') {
    const [obj, key] = args;
    return (scope) => lookupOwn(obj?.(scope), key?.(scope));
  }
  const fn = OUR_HELPERS[name]!.fn;
  return (scope) => fn(...args.map((a) => a(scope)));
}

function argumentReader(node: hbs.AST.Expression): ValueReader {
  switch (node.type) {
    case 'PathExpression':
      return pathReader(node as hbs.AST.PathExpression);
    case 'SubExpression': {
      const sub = node as hbs.AST.SubExpression;
      const name = helperName(sub.path);
      return name !== undefined && isInlineHelper(name) ? helperCall(name, sub.params) : () => undefined;
    }
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral': {
      const value = (node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value;
      return () => value;
    }
    case 'NullLiteral':
      return () => null;
    default:
      return () => undefined;
  }
}

function pathReader(path: hbs.AST.PathExpression): ValueReader {
  // At the top level there is no parent context (`../x`) and no loop data (`@index`); `@root` is the scope.
  if (path.depth > 0) return () => undefined;
  let parts = path.parts;
  if (path.data) {
    if (parts[0] !== 'root') return () => undefined;
    parts = parts.slice(1);
  }
  const keys = [...parts];
  return (scope) => {
    let value: unknown = scope;
    for (const key of keys) {
      value = lookupOwn(value, key);
      if (value === undefined) return undefined;
    }
    return value;
  };
}
