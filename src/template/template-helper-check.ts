// Load-time check of every helper use in a parsed template: unknown names (with a suggestion), block-only
// helpers used inline and the other way round, wrong argument counts, partials and decorators.
import { closest, distance } from 'fastest-levenshtein';
import type { TemplateProblem } from './template-syntax-problem.js';
import { problemAtLineColumn } from './template-syntax-problem.js';
import { BLOCK_BUILTINS, INLINE_BUILTINS, OUR_HELPERS, TEMPLATE_HELPERS } from './template-helpers.js';

type AstNode = hbs.AST.Node & Record<string, unknown>;

const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  ...Object.fromEntries(Object.entries(OUR_HELPERS).map(([name, spec]) => [name, spec.arity])),
  lookup: [2, 2],
  if: [1, 1],
  unless: [1, 1],
  each: [1, 1],
  with: [1, 1],
};
const INLINE = new Set([...Object.keys(OUR_HELPERS), ...INLINE_BUILTINS]);
const BLOCK = new Set(BLOCK_BUILTINS);
/** Handlebars' compiler still takes these bare names for helper calls, but the environment removed them. */
const REMOVED_BUILTINS = new Set(['log', 'helperMissing', 'blockHelperMissing']);

/** The first problem in source order, or undefined when every helper use is valid. */
export function checkHelpers(source: string, program: hbs.AST.Program): TemplateProblem | undefined {
  const problems: TemplateProblem[] = [];
  walk(program as unknown as AstNode, source, problems, 0);
  problems.sort((a, b) => a.offset - b.offset);
  return problems[0];
}

const MAX_DEPTH = 200;

function walk(node: AstNode | undefined | null, source: string, out: TemplateProblem[], depth: number): void {
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return;
  switch (node.type) {
    case 'Program':
      for (const child of (node as unknown as hbs.AST.Program).body) walk(child as AstNode, source, out, depth + 1);
      return;
    case 'MustacheStatement':
    case 'SubExpression': {
      const call = node as unknown as hbs.AST.MustacheStatement;
      checkInline(call, source, out, node.type === 'SubExpression');
      walkArguments(call.params, call.hash, source, out, depth);
      return;
    }
    case 'BlockStatement': {
      const block = node as unknown as hbs.AST.BlockStatement;
      checkBlock(block, source, out);
      walkArguments(block.params, block.hash, source, out, depth);
      walk(block.program as unknown as AstNode, source, out, depth + 1);
      walk(block.inverse as unknown as AstNode, source, out, depth + 1);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      out.push(at(source, node, 'partials ({{> name}}) are not supported in definitions'));
      return;
    case 'DecoratorBlock':
    case 'Decorator':
      out.push(at(source, node, 'decorators ({{* name}}) are not supported in definitions'));
      return;
    default:
      return;
  }
}

function walkArguments(params: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, source: string, out: TemplateProblem[], depth: number): void {
  for (const p of params ?? []) walk(p as AstNode, source, out, depth + 1);
  for (const pair of hash?.pairs ?? []) walk(pair.value as AstNode, source, out, depth + 1);
}

function checkInline(call: hbs.AST.MustacheStatement, source: string, out: TemplateProblem[], isSub: boolean): void {
  const args = call.params.length;
  const named = helperName(call.path);
  const isCall = isSub || args > 0 || (call.hash?.pairs.length ?? 0) > 0;
  if (named === undefined) {
    if (isCall) out.push(unknown(source, call.path, pathText(call.path)));
    return;
  }
  if (BLOCK.has(named)) {
    out.push(at(source, call.path, `'${named}' is a block helper: write {{#${named} ...}}...{{/${named}}}`, named.length));
    return;
  }
  if (INLINE.has(named)) {
    checkArity(named, args, source, call.path, out);
    return;
  }
  if (isCall || REMOVED_BUILTINS.has(named)) out.push(unknown(source, call.path, named));
}

function checkBlock(block: hbs.AST.BlockStatement, source: string, out: TemplateProblem[]): void {
  const named = helperName(block.path);
  if (named !== undefined && BLOCK.has(named)) {
    checkArity(named, block.params.length, source, block.path, out);
    return;
  }
  if (named !== undefined && INLINE.has(named)) {
    out.push(at(source, block.path, `'${named}' is not a block helper: use it inside one, e.g. {{#if (${named} ...)}}`, named.length));
    return;
  }
  out.push(unknown(source, block.path, named ?? pathText(block.path)));
}

function checkArity(name: string, args: number, source: string, node: hbs.AST.Node, out: TemplateProblem[]): void {
  const [min, max] = ARITY[name] ?? [0, Number.MAX_SAFE_INTEGER];
  if (args >= min && args <= max) return;
  const wanted = min === max ? `${min} argument${min === 1 ? '' : 's'}` : max === Number.MAX_SAFE_INTEGER ? `at least ${min} arguments` : `${min} to ${max} arguments`;
  out.push(at(source, node, `'${name}' takes ${wanted}, not ${args}`, name.length));
}

/** The helper a path names: a single plain name (`json`), not `a.b`, `../x` or `@index`. */
function helperName(path: hbs.AST.Node): string | undefined {
  const p = path as hbs.AST.PathExpression;
  if (p.type !== 'PathExpression' || p.data || p.depth !== 0 || p.parts.length !== 1) return undefined;
  return p.parts[0];
}

function pathText(path: hbs.AST.Node): string {
  const p = path as hbs.AST.PathExpression & { original?: unknown };
  return typeof p.original === 'string' ? p.original : String((path as { value?: unknown }).value ?? '');
}

function unknown(source: string, node: hbs.AST.Node, name: string): TemplateProblem {
  const suggestion = closest(name, TEMPLATE_HELPERS as string[]);
  const near = suggestion !== undefined && distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3));
  const problem = at(source, node, `unknown helper '${name}'${near ? ` (did you mean '${suggestion}'?)` : ''}`, name.length);
  return { ...problem, code: 'TPL_UNKNOWN_HELPER' };
}

function at(source: string, node: hbs.AST.Node, message: string, length = 2): TemplateProblem {
  const loc = node.loc?.start;
  return problemAtLineColumn(source, loc?.line ?? 1, loc?.column ?? 0, message, length);
}
