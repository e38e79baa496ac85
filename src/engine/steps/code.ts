import type { CodeStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';
import { RuntimeError } from '../../errors/runtime-error.js';

/**
 * `code`: calls a named export of a project module (trusted code reviewed in git, never eval of strings).
 * The function receives the mapped input (or the whole scope when no input is given) and may be async.
 */
export async function executeCode(step: CodeStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const input = step.input ? await evaluateExplained(step.input, scope, ctx, 'input') : scope;
  let mod: Record<string, unknown>;
  try {
    mod = await ctx.services.importModule(step.module);
  } catch (error) {
    throw new RuntimeError('CODE_LOAD', `cannot load ${step.module}: ${(error as Error).message}`, { actor: 'author', origin: step.origin, cause: error });
  }
  const fn = mod[step.export];
  if (typeof fn !== 'function') {
    throw new RuntimeError('CODE_EXPORT', `${step.module} has no function export '${step.export}'`, { actor: 'author', origin: step.origin });
  }
  try {
    return { output: await (fn as (input: unknown) => unknown)(input) };
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    throw new RuntimeError('CODE_FAILED', `${step.export} in ${step.module} threw: ${(error as Error)?.message ?? String(error)}`, { actor: 'author', origin: step.origin, cause: error });
  }
}
