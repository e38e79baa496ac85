// Which names of the scope an expression reads (`steps.created.body.id` -> steps, created, body, id), for
// load-time reference checks. Only paths evaluated against the scope itself count: inside a filter, a later
// path step or a group-by, names are relative to the current item and are not scope references.
import jsonata from 'jsonata';
import type { Expression } from '../model/model.js';
import { CompiledExpression } from './compiled-expression.js';

export interface ExpressionReference {
  /** Leading field names of the path, from the scope root. */
  readonly path: readonly string[];
  /** Offset of the first name in the expression text. */
  readonly offset: number;
}

interface Node {
  type?: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

/** Deeper ASTs exist only in hostile input; the evaluator's own depth limit rejects them anyway. */
const MAX_WALK_DEPTH = 500;

/** Found once per expression text when it is compiled; shared, hence frozen. */
export function expressionReferences(e: Expression): readonly ExpressionReference[] {
  if (e instanceof CompiledExpression) return e.references();
  let ast: unknown;
  try {
    ast = jsonata(e.source).ast();
  } catch {
    return [];
  }
  return referencesInTree(ast, e.source);
}

export function referencesInTree(ast: unknown, source: string): readonly ExpressionReference[] {
  const out: ExpressionReference[] = [];
  visit(ast, true, source, out, 0);
  return Object.freeze(out);
}

function visit(value: unknown, atRoot: boolean, source: string, out: ExpressionReference[], depth: number): void {
  if (depth > MAX_WALK_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) visit(item, atRoot, source, out, depth + 1);
    return;
  }
  const node = value as Node;
  if (node.type === 'path' && Array.isArray(node.steps)) {
    visitPath(node, atRoot, source, out, depth);
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'position' || key === 'value' || key === 'type') continue;
    visit(child, atRoot && !RELATIVE_KEYS.has(key), source, out, depth + 1);
  }
}

/** Children evaluated against the node's own result (or a later input) rather than the enclosing context. */
const RELATIVE_KEYS = new Set(['predicate', 'stages', 'group', 'pattern', 'update', 'delete', 'terms']);

function visitPath(node: Node, atRoot: boolean, source: string, out: ExpressionReference[], depth: number): void {
  const steps = node.steps as Node[];
  const first = steps[0];
  // `$$` is the scope wherever it appears; `$` and a bare name only in the scope's own context.
  const anchoredAtRoot = first?.type === 'variable' && (first.value === '$' || (first.value === '' && atRoot));
  const start = anchoredAtRoot ? 1 : first?.type === 'name' && atRoot ? 0 : -1;
  if (start >= 0) {
    const names: string[] = [];
    for (let i = start; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.type !== 'name' || typeof step.value !== 'string') break;
      names.push(step.value);
      if (step.stages || step.predicate || step.group || step.focus || step.index) break;
    }
    if (names.length > 0) out.push(Object.freeze({ path: Object.freeze(names), offset: nameOffset(steps[start]!, source) }));
  }
  steps.forEach((step, i) => {
    for (const [key, child] of Object.entries(step)) {
      if (key === 'position' || key === 'value' || key === 'type') continue;
      visit(child, atRoot && i === 0 && !RELATIVE_KEYS.has(key), source, out, depth + 1);
    }
  });
  for (const [key, child] of Object.entries(node)) {
    if (key === 'steps' || key === 'position' || key === 'value' || key === 'type') continue;
    visit(child, false, source, out, depth + 1);
  }
}

/** jsonata records where a name ENDS; a backquoted name also has its two backquotes. */
function nameOffset(step: Node, source: string): number {
  const end = typeof step.position === 'number' ? step.position : 0;
  const name = typeof step.value === 'string' ? step.value : '';
  const quoted = source[end - 1] === '`';
  return Math.max(0, end - name.length - (quoted ? 2 : 0));
}
