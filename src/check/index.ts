// The semantic checks, in the order they run. Adding a check is one file and one line here.
import { checkAuthConflicts } from './check-auth-conflicts.js';
import { checkCallTargets } from './check-call-targets.js';
import { checkCardOptions } from './check-card-options.js';
import { checkCardReferences } from './check-card-references.js';
import { CheckContext, type Check, type CheckInput } from './check-context.js';
import { checkDuplicateFiles } from './check-duplicate-files.js';
import { checkDuplicateNames } from './check-duplicate-names.js';
import { checkDuplicateStepIds } from './check-duplicate-step-ids.js';
import { checkEventSources } from './check-event-sources.js';
import { checkExpressionHazards } from './check-expression-hazards.js';
import { checkFieldReferences } from './check-field-references.js';
import { checkInputMappings } from './check-input-mappings.js';
import { checkRequestConflicts } from './check-request-conflicts.js';
import { checkSchedules } from './check-schedules.js';
import { checkStepKind } from './check-step-kind.js';
import { checkStepReferences } from './check-step-references.js';
import { checkTrigger } from './check-trigger.js';

export const CHECKS: readonly Check[] = [
  checkDuplicateFiles,
  checkStepKind,
  checkDuplicateNames,
  checkDuplicateStepIds,
  checkAuthConflicts,
  checkEventSources,
  checkRequestConflicts,
  checkTrigger,
  checkCardReferences,
  checkCallTargets,
  checkInputMappings,
  checkCardOptions,
  checkSchedules,
  checkStepReferences,
  checkFieldReferences,
  checkExpressionHazards,
];

/** Runs every check; findings are appended to `input.diagnostics`. */
export function runChecks(input: CheckInput, checks: readonly Check[] = CHECKS): void {
  const ctx = new CheckContext(input);
  for (const check of checks) check.run(ctx);
}
