// DEF_DUPLICATE_NAME: step ids are unique within one flow body, nested steps included, so `steps.<id>`
// always means one step.
import type { Check } from './check-context.js';
import { rootBodies, walkSteps } from './walk-steps.js';

export const checkDuplicateStepIds: Check = {
  name: 'duplicate-step-ids',
  run(ctx) {
    for (const file of ctx.files) {
      for (const body of rootBodies(file)) {
        const seen = new Map<string, number>();
        walkSteps(file.data, body.path, ({ step, path }) => {
          if (typeof step.id !== 'string') return;
          const line = seen.get(step.id);
          if (line === undefined) {
            seen.set(step.id, file.source.locate([...path, 'id']).line);
            return;
          }
          ctx.report(file.source, [...path, 'id'], 'DEF_DUPLICATE_NAME', `step id '${step.id}' is already used at line ${line} in this flow`, {
            hint: 'step ids are unique within a flow, nested steps included',
          });
        });
      }
    }
  },
};
