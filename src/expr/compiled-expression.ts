// The runtime face of a compiled JSONata expression: evaluates against a scope under the time and depth
// limits, and turns every failure into a RuntimeError that names the definition, never the data. Each use
// has its own origin; the parsed form is shared by every use of the same text.
import type { Expression, Origin, Scope } from '../model/model.js';
import type { ExpressionLimits } from './compile-expression.js';
import { evaluationError } from './evaluation-error.js';
import type { ExpressionReference } from './expression-references.js';
import type { ExpressionHazards } from './expression-hazards.js';
import { plainResult } from './plain-result.js';
import type { SharedExpression } from './shared-expression.js';

export class CompiledExpression implements Expression {
  readonly source: string;
  readonly limits: Readonly<ExpressionLimits>;
  readonly #shared: SharedExpression;

  constructor(readonly origin: Origin, shared: SharedExpression) {
    this.source = shared.source;
    this.limits = shared.limits;
    this.#shared = shared;
  }

  async evaluate(scope: Scope): Promise<unknown> {
    let result: unknown;
    try {
      result = await this.#shared.evaluator().evaluate(scope);
    } catch (err) {
      throw evaluationError(err, this.origin, this.limits);
    }
    return plainResult(result);
  }

  /** Scope paths the expression reads, found when it was compiled. */
  references(): readonly ExpressionReference[] {
    return this.#shared.references;
  }

  /** Regex literals and `$eval` uses, found when it was compiled (load-time safety checks). */
  hazards(): ExpressionHazards {
    return this.#shared.hazards;
  }
}
