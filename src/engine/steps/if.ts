import type { IfStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import { runSteps, type StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';

/** `if`: JSONata truthiness decides the branch; the branch shares the flow's steps and variables. */
export async function executeIf(step: IfStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const condition = await evaluateExplained(step.condition, scope, ctx, 'condition');
  const result = await runSteps(isTruthy(condition) ? step.then : step.else, scope, ctx);
  return { output: result.returned ? result.value : result.last, returned: result.returned };
}

/** JSONata's boolean rules: empty strings, zero, empty lists and objects, null and undefined are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}
