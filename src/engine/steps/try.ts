import type { TryStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import { runSteps, type StepOutcome } from '../run-steps.js';
import { isRuntimeError } from '../../errors/runtime-error.js';

/** `try`: the "if error" branch. `catch` sees `error` ({code, message, status, body}); bugs are not caught. */
export async function executeTry(step: TryStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  try {
    const result = await runSteps(step.steps, scope, ctx);
    return { output: result.returned ? result.value : result.last, returned: result.returned };
  } catch (error) {
    if (!isRuntimeError(error) || error.actor === 'bug' || error.code === 'RUN_ABORTED') throw error;
    // Same steps and vars objects: what the catch branch computes stays visible after the try step.
    const catchScope: FlowScope = { ...scope, error: error.toScope() };
    const result = await runSteps(step.catch, catchScope, ctx);
    return { output: result.returned ? result.value : result.last, returned: result.returned };
  }
}
