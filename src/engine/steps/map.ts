import type { MapStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';

/** `map`: one JSONata expression; its value is the step's output. */
export async function executeMap(step: MapStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  return { output: await evaluateExplained(step.expr, scope, ctx, 'map') };
}
