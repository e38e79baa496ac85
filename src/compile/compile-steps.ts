// Step lists: one small compiler per step kind, registered in one table. A step with no kind key is skipped
// and one with several uses the first (the DEF_STEP_KIND check reports both), so the rest of the file still
// compiles and reports its own problems.
import type { FlowBody, Step, StepKind } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import { splitCardRef } from './card-ref.js';
import type { CompileContext } from './compile-context.js';
import { compileCodeStep } from './compile-code-step.js';
import { compileRequestStep } from './compile-request.js';
import { asPositiveInteger, asRecord, asString, isRecord } from './plain-data.js';
import { stepKindsOf } from './step-kinds.js';

export interface StepBase {
  readonly id?: string;
  readonly title?: string;
  readonly origin: Step['origin'];
}

type StepCompiler = (ctx: CompileContext, path: Path, base: StepBase) => Step;

const STEP_COMPILERS: Readonly<Record<StepKind, StepCompiler>> = {
  request: compileRequestStep,
  map: (ctx, path, base) => ({ ...base, kind: 'map', expr: ctx.expression([...path, 'map']) }),
  set: (ctx, path, base) => ({ ...base, kind: 'set', vars: ctx.expressionMap([...path, 'set']) }),
  call: (ctx, path, base) => ({
    ...base,
    kind: 'call',
    target: asString(ctx.get([...path, 'call'])) ?? '',
    inputs: ctx.expressionMap([...path, 'inputs']),
  }),
  forEach: (ctx, path, base) => {
    const at = [...path, 'forEach'];
    return {
      ...base,
      kind: 'forEach',
      items: ctx.expression([...at, 'items']),
      as: asString(ctx.get([...at, 'as'])) ?? 'item',
      concurrency: asPositiveInteger(ctx.get([...at, 'concurrency']), 1),
      steps: compileSteps(ctx, [...at, 'steps']),
    };
  },
  if: (ctx, path, base) => ({
    ...base,
    kind: 'if',
    condition: ctx.expression([...path, 'if', 'condition']),
    then: compileSteps(ctx, [...path, 'if', 'then']),
    else: compileSteps(ctx, [...path, 'if', 'else']),
  }),
  try: (ctx, path, base) => ({
    ...base,
    kind: 'try',
    steps: compileSteps(ctx, [...path, 'try', 'steps']),
    catch: compileSteps(ctx, [...path, 'try', 'catch']),
  }),
  return: (ctx, path, base) => ({
    ...base,
    kind: 'return',
    value: isRecord(ctx.get([...path, 'return'])) ? ctx.expressionMap([...path, 'return']) : ctx.expression([...path, 'return']),
  }),
  raise: (ctx, path, base) => {
    const raw = asRecord(ctx.get([...path, 'raise'])) ?? {};
    return {
      ...base,
      kind: 'raise',
      message: ctx.template([...path, 'raise', 'message']),
      ...(typeof raw.status === 'number' && { status: raw.status }),
      ...(typeof raw.code === 'string' && { code: raw.code }),
    };
  },
  code: compileCodeStep,
  action: (ctx, path, base) => {
    const at = [...path, 'action'];
    const ref = splitCardRef(asString(ctx.get([...at, 'card'])) ?? '');
    return {
      ...base,
      kind: 'action',
      connector: ref.connector,
      card: ref.card,
      connection: asString(ctx.get([...at, 'connection'])) ?? '',
      options: structuredClone(asRecord(ctx.get([...at, 'options'])) ?? {}),
      inputs: ctx.expressionMap([...at, 'inputs']),
    };
  },
};

/** The steps of the body owned by the element at `path` (its `steps` key). */
export function compileBody(ctx: CompileContext, path: Path): FlowBody {
  return { steps: compileSteps(ctx, [...path, 'steps']), origin: ctx.origin(path) };
}

export function compileSteps(ctx: CompileContext, listPath: Path): Step[] {
  const list = ctx.get(listPath);
  if (!Array.isArray(list)) return [];
  const out: Step[] = [];
  list.forEach((_, i) => {
    const step = compileStep(ctx, [...listPath, i]);
    if (step) out.push(step);
  });
  return out;
}

function compileStep(ctx: CompileContext, path: Path): Step | undefined {
  const raw = ctx.get(path);
  const kind = stepKindsOf(raw)[0];
  if (!kind || !isRecord(raw)) return undefined;
  const base: { id?: string; title?: string; origin: Step['origin'] } = { origin: ctx.origin(path) };
  if (typeof raw.id === 'string') base.id = raw.id;
  if (typeof raw.title === 'string') base.title = raw.title;
  return STEP_COMPILERS[kind](ctx, path, base);
}
