// JSONata expressions are checked once, at load time; a syntax error becomes a problem with an offset inside
// the expression text, which the loading side maps to a file position. The evaluator is built on first use
// and shared by every use of the same text (see shared-expression.ts).
import type { Expression, Origin } from '../model/model.js';
import { CompiledExpression } from './compiled-expression.js';
import { sharedExpression, SharedExpression } from './shared-expression.js';
import type { SyntaxProblem } from './syntax-problem.js';

export type { SyntaxProblem } from './syntax-problem.js';
export { expressionReferences } from './expression-references.js';
export type { ExpressionHazards, RegexLiteral, TextSpan } from './expression-hazards.js';
export type { ExpressionReference } from './expression-references.js';

export type CompileExpressionResult = { ok: true; expression: Expression } | { ok: false; problem: SyntaxProblem };

export interface ExpressionLimits {
  /** Characters of expression text. */
  maxLength: number;
  /** Wall-clock time of one evaluation. */
  timeoutMs: number;
  /** Nesting of jsonata's evaluator (stops runaway recursion before Node's own stack does). */
  maxDepth: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = Object.freeze({
  maxLength: 64 * 1024,
  timeoutMs: 1000,
  maxDepth: 200,
});

export function compileExpression(source: string, origin: Origin, limits?: Partial<ExpressionLimits>): CompileExpressionResult {
  const effective = effectiveLimits(limits);
  if (typeof source !== 'string') {
    return { ok: false, problem: { offset: 0, length: 1, code: 'EXPR_SYNTAX', message: 'an expression must be text' } };
  }
  if (source.length > effective.maxLength) {
    return {
      ok: false,
      problem: {
        offset: 0,
        length: 1,
        code: 'EXPR_TOO_LONG',
        message: `expression is longer than ${effective.maxLength} characters`,
      },
    };
  }
  const shared = sharedExpression(source, effective);
  if (!(shared instanceof SharedExpression)) return { ok: false, problem: shared };
  return { ok: true, expression: new CompiledExpression(origin, shared) };
}

/** Only positive finite numbers override a default: an `undefined` must never switch a limit off. */
function effectiveLimits(limits: Partial<ExpressionLimits> | undefined): Readonly<ExpressionLimits> {
  if (limits === undefined) return DEFAULT_EXPRESSION_LIMITS;
  const out: ExpressionLimits = { ...DEFAULT_EXPRESSION_LIMITS };
  for (const key of Object.keys(out) as (keyof ExpressionLimits)[]) {
    const v = limits[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
  }
  return Object.freeze(out);
}
