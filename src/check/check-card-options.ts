// REF_MISSING_OPTION / REF_UNKNOWN_OPTION / REF_INVALID_OPTION: the design-time options a flow sets on an
// action step or an event trigger: required ones present, no undeclared ones, values of the declared type
// (a dropdown's among its choices).
import { choiceValues } from '../compile/compile-fields.js';
import { splitCardRef } from '../compile/card-ref.js';
import { asRecord, entriesOf, isRecord, type PlainRecord } from '../compile/plain-data.js';
import type { Path, SourceFile } from '../source/source-file.js';
import type { Check, CheckContext } from './check-context.js';
import { didYouMean, listNames } from './did-you-mean.js';
import type { MemberInfo } from './name-index.js';
import { lookupCard } from './resolve-card.js';
import { forEachStep } from './walk-steps.js';

export const checkCardOptions: Check = {
  name: 'card-options',
  run(ctx) {
    for (const file of ctx.files) {
      forEachStep(file, ({ step, path }) => {
        const action = asRecord(step.action);
        if (!action || typeof action.card !== 'string') return;
        const ref = splitCardRef(action.card);
        const found = lookupCard(ctx.names, ref.connector, ref.card, 'action');
        if (found.status === 'found') checkOptions(ctx, file.source, [...path, 'action'], action.options, found.member);
      });
      if (file.kind !== 'flow') continue;
      const event = asRecord(asRecord(file.data.trigger)?.event);
      if (!event) continue;
      const found = lookupCard(ctx.names, String(event.connector ?? ''), String(event.card ?? ''), 'event');
      if (found.status === 'found') checkOptions(ctx, file.source, ['trigger', 'event'], event.options, found.member);
    }
  },
};

/** `owner` is the map holding `options` (the step's `action` or the trigger's `event`). */
function checkOptions(ctx: CheckContext, source: SourceFile, owner: Path, given: unknown, card: MemberInfo): void {
  const declared = new Map(entriesOf(card.data.options).map(([n, d]) => [n, asRecord(d) ?? {}] as const));
  const values = asRecord(given) ?? {};
  const label = `${card.kind} '${card.name}'`;
  for (const [name, def] of declared) {
    const v = values[name];
    if (def.required !== true || def.default !== undefined || (v !== undefined && v !== null)) continue;
    ctx.report(source, isRecord(given) ? [...owner, 'options'] : owner, 'REF_MISSING_OPTION', `option '${name}' of ${label} is required but not set`, { at: 'key' });
  }
  for (const [name, value] of Object.entries(values)) {
    const def = declared.get(name);
    if (!def) {
      ctx.report(source, [...owner, 'options', name], 'REF_UNKNOWN_OPTION', `${label} has no option '${name}'${didYouMean(name, declared.keys())}`, {
        at: 'key',
        hint: `its options: ${listNames(declared.keys())}`,
      });
      continue;
    }
    if (value === null) continue;
    const problem = optionProblem(def, value);
    if (problem) ctx.report(source, [...owner, 'options', name], 'REF_INVALID_OPTION', `option '${name}' ${problem}`);
  }
}

/** What is wrong with an option value, or undefined when it fits its definition. */
function optionProblem(def: PlainRecord, value: unknown): string | undefined {
  if (def.list === true) {
    if (!Array.isArray(value)) return `must be a list; found ${describe(value)}`;
    for (const item of value) {
      const p = itemProblem(def, item);
      if (p) return p;
    }
    return undefined;
  }
  return itemProblem(def, value);
}

function itemProblem(def: PlainRecord, value: unknown): string | undefined {
  switch (def.type) {
    case 'dropdown': {
      const allowed = choiceValues(def.choices);
      if (allowed.some((c) => c === value)) return undefined;
      return `must be one of ${listNames(allowed.map(String))}; found ${describe(value)}${typeof value === 'string' ? didYouMean(value, allowed.map(String)) : ''}`;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number; found ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false; found ${describe(value)}`;
    case 'text':
    case undefined:
      return typeof value === 'string' ? undefined : `must be text; found ${describe(value)}`;
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  return 'a map';
}
