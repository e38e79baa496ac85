import type { ForEachStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import { childScope, type FlowScope } from '../flow-scope.js';
import { runSteps, type StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';
import { RuntimeError } from '../../errors/runtime-error.js';

/**
 * `forEach`: runs the body once per item, at most `concurrency` at a time, and outputs the list of each
 * iteration's `return` value (or its last step's output), in item order whatever order they finish in.
 */
export async function executeForEach(step: ForEachStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const value = await evaluateExplained(step.items, scope, ctx, 'items');
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const { maxForEachItems, maxConcurrency } = ctx.services.limits;
  if (items.length > maxForEachItems) {
    throw new RuntimeError('RUN_TOO_MANY_ITEMS', `forEach got ${items.length} items; the limit is ${maxForEachItems}`, { actor: 'author', origin: step.origin });
  }
  const results = new Array<unknown>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const index = next++;
      const iteration = childScope(scope, { [step.as]: items[index], index });
      try {
        const result = await runSteps(step.steps, iteration, ctx);
        results[index] = result.returned ? result.value : result.last;
      } catch (error) {
        failed = true; // the other workers stop picking new items
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(step.concurrency, maxConcurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { output: results };
}
