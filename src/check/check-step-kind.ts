// DEF_STEP_KIND: every step has exactly one kind key. The schema lists the kind keys as optional properties
// (a oneOf would flood authors with errors), so this is where "exactly one" is enforced. Also DEF_CONFLICT
// for a step-level `inputs` on a step that is not a `call` (it maps a called flow's inputs).
import { STEP_KINDS } from '../compile/step-kinds.js';
import type { Check } from './check-context.js';
import { forEachStep } from './walk-steps.js';

export const checkStepKind: Check = {
  name: 'step-kind',
  run(ctx) {
    for (const file of ctx.files) {
      forEachStep(file, ({ step, path, kinds }) => {
        if (step.inputs !== undefined && kinds.length === 1 && kinds[0] !== 'call') {
          ctx.report(file.source, [...path, 'inputs'], 'DEF_CONFLICT', `'inputs' belongs to a 'call' step, not to a '${kinds[0]}' step`, { at: 'key' });
        }
        if (kinds.length === 1) return;
        const message = kinds.length === 0
          ? 'a step needs exactly one kind key; found none'
          : `a step needs exactly one kind key; found ${kinds.length}: ${kinds.join(', ')}`;
        ctx.report(file.source, path, 'DEF_STEP_KIND', message, {
          hint: kinds.length === 0 ? `the kinds are ${STEP_KINDS.join(', ')}` : 'split it into one step per kind',
        });
      });
    }
  },
};
