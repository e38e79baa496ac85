// The runtime face of a compiled JSONata expression: evaluates against a scope under the time and depth
// limits, and turns every failure into a RuntimeError that names the definition, never the data.
import type jsonata from 'jsonata';
import type { Expression, Origin, Scope } from '../model/model.js';
import type { ExpressionLimits } from './compile-expression.js';
import { evaluationError } from './evaluation-error.js';
import { plainResult } from './plain-result.js';

export class CompiledExpression implements Expression {
  constructor(
    readonly source: string,
    readonly origin: Origin,
    private readonly compiled: jsonata.Expression,
    readonly limits: Readonly<ExpressionLimits>,
  ) {}

  async evaluate(scope: Scope): Promise<unknown> {
    let result: unknown;
    try {
      result = await this.compiled.evaluate(scope);
    } catch (err) {
      throw evaluationError(err, this.origin, this.limits);
    }
    return plainResult(result);
  }

  /** The parsed tree, for reference checks at load time. */
  ast(): jsonata.ExprNode {
    return this.compiled.ast();
  }
}
