// The step kinds and where steps nest: shared by the compiler and the semantic checks so both walk the same tree.
import type { StepKind } from '../model/model.js';

export const STEP_KINDS: readonly StepKind[] = [
  'request', 'map', 'set', 'call', 'forEach', 'if', 'try', 'return', 'raise', 'code', 'action',
];

/** Keys under a step that hold nested step lists, as paths relative to the step. */
export const NESTED_BODIES: Readonly<Partial<Record<StepKind, readonly (readonly string[])[]>>> = {
  forEach: [['forEach', 'steps']],
  if: [['if', 'then'], ['if', 'else']],
  try: [['try', 'steps'], ['try', 'catch']],
};

/** The kind keys a step has, in the order of STEP_KINDS (exactly one when the step is well formed). */
export function stepKindsOf(step: unknown): StepKind[] {
  if (typeof step !== 'object' || step === null || Array.isArray(step)) return [];
  return STEP_KINDS.filter((k) => Object.prototype.hasOwnProperty.call(step, k));
}
