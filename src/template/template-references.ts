// Which names of the scope a template reads (`{{path inputs.owner}}` -> inputs, owner), for load-time
// reference checks. Inside `{{#each}}` and `{{#with}}` names are relative to the item, unless `../` or
// `@root` climbs back to the scope.
import { offsetOf } from './template-syntax-problem.js';
import { OUR_HELPERS, INLINE_BUILTINS } from './template-helpers.js';

export interface TemplateReference {
  /** Field names from the scope root. */
  readonly path: readonly string[];
  /** Offset of the path in the template text. */
  readonly offset: number;
}

const CONTEXT_CHANGING = new Set(['each', 'with']);
const HELPERS = new Set([...Object.keys(OUR_HELPERS), ...INLINE_BUILTINS]);
const MAX_DEPTH = 200;

/** Found once per template text when it is compiled; shared, hence frozen. */
export function referencesInProgram(source: string, program: hbs.AST.Program): readonly TemplateReference[] {
  const out: TemplateReference[] = [];
  visit(program as unknown as hbs.AST.Node, 0, source, out, 0);
  return Object.freeze(out);
}


function visit(node: hbs.AST.Node | null | undefined, level: number, source: string, out: TemplateReference[], depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  switch (node.type) {
    case 'Program':
      for (const s of (node as hbs.AST.Program).body) visit(s, level, source, out, depth + 1);
      return;
    case 'MustacheStatement':
    case 'SubExpression': {
      const call = node as hbs.AST.MustacheStatement;
      const isCall = node.type === 'SubExpression' || call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0 || isHelperPath(call.path);
      if (!isCall) visit(call.path, level, source, out, depth + 1);
      arguments_(call.params, call.hash, level, source, out, depth);
      return;
    }
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      arguments_(block.params, block.hash, level, source, out, depth);
      const name = (block.path as hbs.AST.PathExpression).parts?.[0] ?? '';
      visit(block.program, CONTEXT_CHANGING.has(name) ? level + 1 : level, source, out, depth + 1);
      visit(block.inverse, level, source, out, depth + 1);
      return;
    }
    case 'PathExpression': {
      const path = node as hbs.AST.PathExpression;
      const parts = rootParts(path, level);
      if (parts && parts.length > 0) {
        const start = path.loc?.start;
        out.push(Object.freeze({ path: Object.freeze(parts), offset: start ? offsetOf(source, start.line, start.column) : 0 }));
      }
      return;
    }
    default:
      return;
  }
}

function arguments_(params: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, level: number, source: string, out: TemplateReference[], depth: number): void {
  for (const p of params ?? []) visit(p, level, source, out, depth + 1);
  for (const pair of hash?.pairs ?? []) visit(pair.value, level, source, out, depth + 1);
}

function rootParts(path: hbs.AST.PathExpression, level: number): string[] | undefined {
  if (path.data) return path.parts[0] === 'root' ? path.parts.slice(1) : undefined;
  return level - path.depth === 0 ? [...path.parts] : undefined;
}

function isHelperPath(path: hbs.AST.Node): boolean {
  const p = path as hbs.AST.PathExpression;
  return p.type === 'PathExpression' && !p.data && p.depth === 0 && p.parts.length === 1 && HELPERS.has(p.parts[0]!);
}
