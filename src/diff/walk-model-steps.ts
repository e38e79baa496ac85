// Visits every step of a compiled step list, nested ones (forEach, if, try) included, in document order.
import type { Step } from '../model/model.js';

export interface StepVisit {
  step: Step;
  /** The `try` step whose output this step's output becomes (it is the last of its list), if any. */
  outputOf?: Step;
}

export function walkModelSteps(steps: readonly Step[], visit: (v: StepVisit) => void): void {
  walk(steps, undefined, visit);
}

function walk(steps: readonly Step[], outputOf: Step | undefined, visit: (v: StepVisit) => void): void {
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    visit({ step, ...(last && outputOf && { outputOf }) });
    switch (step.kind) {
      case 'forEach':
        walk(step.steps, undefined, visit);
        break;
      case 'if':
        walk(step.then, undefined, visit);
        walk(step.else, undefined, visit);
        break;
      case 'try': {
        // A try step's output is the output of the last step that ran: the last of `steps`, or of `catch`.
        const owner = step.id !== undefined ? step : last ? outputOf : undefined;
        walk(step.steps, owner, visit);
        walk(step.catch, owner, visit);
        break;
      }
      default:
        break;
    }
  });
}
