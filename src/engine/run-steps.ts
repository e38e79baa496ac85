// Walks a list of steps in order. Each step kind is one module in ./steps, registered in ./steps/index.ts.
// Step outputs go into the flow's `steps` map by reference: large payloads are never copied between steps.
import type { Origin, Step } from '../model/model.js';
import { RuntimeError, isRuntimeError } from '../errors/runtime-error.js';
import type { RunContext } from './run-context.js';
import type { FlowScope } from './flow-scope.js';
import { STEP_EXECUTORS } from './steps/index.js';

/** What a body of steps ended with: `returned` is set when a `return` step ran. */
export interface BodyResult {
  readonly returned: boolean;
  readonly value: unknown;
  /** Output of the last step that ran (the result of a forEach iteration without `return`). */
  readonly last: unknown;
}

export interface StepOutcome {
  readonly output?: unknown;
  /** Set by `return` (and by bodies whose nested step returned): stop this flow body. */
  readonly returned?: boolean;
}

export async function runSteps(steps: readonly Step[], scope: FlowScope, ctx: RunContext): Promise<BodyResult> {
  let last: unknown;
  for (const step of steps) {
    if (ctx.signal?.aborted) throw new RuntimeError('RUN_ABORTED', 'the execution was stopped', { actor: 'operational', origin: step.origin });
    const startedAt = Date.now();
    let outcome: StepOutcome;
    try {
      outcome = await STEP_EXECUTORS[step.kind](step as never, scope, ctx);
    } catch (error) {
      const wrapped = withTrail(error, step.kind, step.id, step.origin);
      ctx.recorder?.step({ stepId: step.id, kind: step.kind, origin: step.origin, status: 'failed', startedAt, endedAt: Date.now(), error: { code: wrapped.code, message: wrapped.message } });
      throw wrapped;
    }
    ctx.recorder?.step({ stepId: step.id, kind: step.kind, origin: step.origin, status: 'succeeded', startedAt, endedAt: Date.now(), output: outcome.output });
    if (step.id !== undefined) scope.steps[step.id] = outcome.output;
    last = outcome.output;
    if (outcome.returned) return { returned: true, value: outcome.output, last };
  }
  return { returned: false, value: undefined, last };
}

/** Adds "where" to an error as it travels up through steps; unknown errors become RUN_INTERNAL (a bug). */
function withTrail(error: unknown, kind: string, id: string | undefined, origin: Origin): RuntimeError {
  const where = `${kind}${id ? ` '${id}'` : ''} at ${origin.file}:${origin.line}:${origin.column}`;
  if (isRuntimeError(error)) {
    error.trail.push(where);
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RuntimeError('RUN_INTERNAL', `internal error in ${kind} step: ${message}`, { actor: 'bug', origin, cause: error, trail: [where] });
}
