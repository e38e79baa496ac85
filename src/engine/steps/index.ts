// The step kinds, one module each. Adding a kind touches this list, the schema and the compiler.
import type { Step, StepKind } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { executeRequest } from './request.js';
import { executeMap } from './map.js';
import { executeSet } from './set.js';
import { executeCall } from './call.js';
import { executeForEach } from './for-each.js';
import { executeIf } from './if.js';
import { executeTry } from './try.js';
import { executeReturn } from './return.js';
import { executeRaise } from './raise.js';
import { executeCode } from './code.js';
import { executeAction } from './action.js';

type Executor<K extends StepKind> = (step: Extract<Step, { kind: K }>, scope: FlowScope, ctx: RunContext) => Promise<StepOutcome>;

export const STEP_EXECUTORS: { readonly [K in StepKind]: Executor<K> } = {
  request: executeRequest,
  map: executeMap,
  set: executeSet,
  call: executeCall,
  forEach: executeForEach,
  if: executeIf,
  try: executeTry,
  return: executeReturn,
  raise: executeRaise,
  code: executeCode,
  action: executeAction,
};
