import type { ReturnStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';

/** `return`: the flow's outputs, one expression or one per field. Undefined fields are left out. */
export async function executeReturn(step: ReturnStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  if (isExpression(step.value)) return { output: await evaluateExplained(step.value, scope, ctx, 'return'), returned: true };
  const out: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(step.value)) {
    const value = await evaluateExplained(expr, scope, ctx, `return ${name}`);
    if (value !== undefined) out[name] = value;
  }
  return { output: out, returned: true };
}

function isExpression(v: ReturnStep['value']): v is Extract<ReturnStep['value'], { evaluate: unknown }> {
  return typeof (v as { evaluate?: unknown }).evaluate === 'function';
}
