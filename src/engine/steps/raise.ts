import type { RaiseStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { RuntimeError } from '../../errors/runtime-error.js';
import { renderExplained } from '../evaluate.js';

/** `raise`: fails the flow with a status and message of the author's choosing (catchable by `try`). */
export async function executeRaise(step: RaiseStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const message = renderExplained(step.message, scope, ctx, 'message');
  throw new RuntimeError(step.code ?? 'FLOW_RAISED', message, { actor: 'user', origin: step.origin, status: step.status });
}
