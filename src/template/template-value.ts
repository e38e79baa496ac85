// JSON bodies: a YAML structure whose string leaves are templates. Each leaf keeps its type when it is a
// single `{{...}}`; numbers, booleans and null stay literals.
import type { Scope, Template, TemplateValue } from '../model/model.js';

type PathSegment = string | number;
const MAX_DEPTH = 128;

/**
 * `compileLeaf` compiles one string leaf; it returns undefined when the leaf does not compile (the caller
 * reports that), and the leaf is then kept as literal text.
 */
export function compileTemplateValue(value: unknown, compileLeaf: (s: string, path: PathSegment[]) => Template | undefined): TemplateValue {
  return compileNode(value, [], compileLeaf);
}

function compileNode(value: unknown, path: PathSegment[], compileLeaf: (s: string, path: PathSegment[]) => Template | undefined): TemplateValue {
  if (typeof value === 'string') {
    const template = compileLeaf(value, path);
    return template && !template.isLiteral ? { t: 'template', template } : { t: 'literal', value };
  }
  if (path.length >= MAX_DEPTH || value === null || typeof value !== 'object') return { t: 'literal', value };
  if (Array.isArray(value)) {
    return { t: 'array', items: value.map((item, i) => compileNode(item, [...path, i], compileLeaf)) };
  }
  // fromEntries defines own properties, so a `__proto__` key stays data.
  const entries = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compileNode(v, [...path, k], compileLeaf)]));
  return { t: 'object', entries };
}

export function renderTemplateValue(v: TemplateValue, scope: Scope): unknown {
  switch (v.t) {
    case 'literal':
      return v.value;
    case 'template':
      return v.template.renderValue(scope);
    case 'array':
      return v.items.map((item) => renderTemplateValue(item, scope));
    case 'object':
      return Object.fromEntries(Object.entries(v.entries).map(([k, item]) => [k, renderTemplateValue(item, scope)]));
  }
}
