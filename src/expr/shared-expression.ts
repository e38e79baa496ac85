// What one expression text yields, shared by every place that uses the same text under the same limits: the
// scope references load-time checks read (found once, from the tree the syntax check built) and the jsonata
// evaluator, built on first evaluation. A loaded project holds thousands of expressions of which a run uses
// few; an unused one costs its references, not a parsed tree and an evaluation environment (about 18 KiB).
import jsonata from 'jsonata';
import type { ExpressionLimits } from './compile-expression.js';
import type { ExpressionReference } from './expression-references.js';
import { hazardsInTree, type ExpressionHazards } from './expression-hazards.js';
import { referencesInTree } from './expression-references.js';
import { releaseParserState } from './release-parser-state.js';
import { syntaxProblemFromJsonata } from './syntax-problem.js';
import type { SyntaxProblem } from './syntax-problem.js';
import { WeakValueCache } from './weak-value-cache.js';

export class SharedExpression {
  // Private fields stay writable when the model holding this object is deep-frozen.
  #evaluator: jsonata.Expression | undefined;

  constructor(
    readonly source: string,
    readonly limits: Readonly<ExpressionLimits>,
    readonly references: readonly ExpressionReference[],
    readonly hazards: ExpressionHazards,
  ) {}

  /**
   * The jsonata evaluator, built once. Building is synchronous, so concurrent first evaluations cannot race.
   * jsonata keeps its guardrail state per evaluation call, so one evaluator serves concurrent evaluations.
   */
  evaluator(): jsonata.Expression {
    if (!this.#evaluator) {
      const compiled = instantiate(this.source, this.limits);
      releaseParserState(compiled.ast());
      this.#evaluator = compiled;
    }
    return this.#evaluator;
  }
}

/** One cache per set of limits (in practice one: the defaults), keyed by the expression text itself. */
const sharedByLimits = new Map<string, WeakValueCache<SharedExpression>>();

/** The shared form of a syntactically valid expression, or the syntax problem. */
export function sharedExpression(source: string, limits: Readonly<ExpressionLimits>): SharedExpression | SyntaxProblem {
  const limitsKey = `${limits.maxLength}/${limits.timeoutMs}/${limits.maxDepth}`;
  let shared = sharedByLimits.get(limitsKey);
  if (!shared) {
    shared = new WeakValueCache<SharedExpression>();
    sharedByLimits.set(limitsKey, shared);
  }
  const known = shared.get(source);
  if (known) return known;
  let ast: jsonata.ExprNode;
  try {
    ast = instantiate(source, limits).ast();
  } catch (err) {
    return syntaxProblemFromJsonata(source, err);
  }
  const entry = new SharedExpression(source, limits, referencesInTree(ast, source), hazardsInTree(ast));
  shared.set(source, entry);
  return entry;
}

function instantiate(source: string, limits: Readonly<ExpressionLimits>): jsonata.Expression {
  return jsonata(source, { timeout: limits.timeoutMs, stack: limits.maxDepth });
}
