import type { CallStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import { currentConnector } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';
import { runActionCard, runHelperFlow } from '../run-card.js';

/** `call`: a helper or action of the same connector, with the same connection; inputs mapped by JSONata. */
export async function executeCall(step: CallStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const inputs: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(step.inputs)) {
    const value = await evaluateExplained(expr, scope, ctx, `input ${name}`);
    if (value !== undefined) inputs[name] = value;
  }
  const connector = currentConnector(ctx);
  const helper = connector.helpers[step.target];
  if (helper) return { output: await runHelperFlow(helper, inputs, scope.options, ctx, step.origin) };
  const action = connector.actions[step.target];
  return { output: await runActionCard(action, { inputs, options: scope.options }, ctx, step.origin) };
}
