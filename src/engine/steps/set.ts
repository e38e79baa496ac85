import type { SetStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';

/** `set`: assigns variables in order, so a later one may read an earlier one as `vars.x`. */
export async function executeSet(step: SetStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  for (const [name, expr] of Object.entries(step.vars)) {
    scope.vars[name] = await evaluateExplained(expr, scope, ctx, `set ${name}`);
  }
  return { output: scope.vars };
}
