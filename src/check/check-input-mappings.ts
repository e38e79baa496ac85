// REF_MISSING_INPUT / REF_UNKNOWN_INPUT: `call` and `action` steps map every required input of their target
// (one without a default) and no input it does not declare, unless the target's inputs are dynamic.
import { splitCardRef } from '../compile/card-ref.js';
import { asRecord, entriesOf, isRecord } from '../compile/plain-data.js';
import type { Path, SourceFile } from '../source/source-file.js';
import type { Check, CheckContext } from './check-context.js';
import { didYouMean, listNames } from './did-you-mean.js';
import type { MemberInfo } from './name-index.js';
import { hasDynamicInputs, lookupCard } from './resolve-card.js';
import { forEachStep } from './walk-steps.js';

export const checkInputMappings: Check = {
  name: 'input-mappings',
  run(ctx) {
    for (const file of ctx.files) {
      const own = file.kind === 'connector' ? ctx.names.connectorOf(file.source) : undefined;
      forEachStep(file, ({ step, path }) => {
        if (typeof step.call === 'string' && own) {
          const target = own.members.get(step.call);
          if (target && target.kind !== 'event') checkMapping(ctx, file.source, [...path, 'call'], [...path, 'inputs'], step.inputs, target);
        }
        const action = asRecord(step.action);
        if (action && typeof action.card === 'string') {
          const ref = splitCardRef(action.card);
          const found = lookupCard(ctx.names, ref.connector, ref.card, 'action');
          if (found.status === 'found') checkMapping(ctx, file.source, [...path, 'action'], [...path, 'action', 'inputs'], action.inputs, found.member);
        }
      });
    }
  },
};

/** `stepKey` is the step's kind key (where a missing mapping is reported when there is no `inputs` map). */
function checkMapping(ctx: CheckContext, source: SourceFile, stepKey: Path, inputsAt: Path, mapped: unknown, target: MemberInfo): void {
  const declared = entriesOf(target.data.inputs);
  const names = declared.map(([n]) => n);
  const given = new Set(entriesOf(mapped).map(([n]) => n));
  const label = `${target.kind} '${target.name}'`;
  for (const [name, def] of declared) {
    const field = asRecord(def) ?? {};
    if (field.required !== true || field.default !== undefined || given.has(name)) continue;
    ctx.report(source, isRecord(mapped) ? inputsAt : stepKey, 'REF_MISSING_INPUT', `input '${name}' of ${label} is required but not mapped`, { at: 'key' });
  }
  if (hasDynamicInputs(target.data)) return;
  for (const name of given) {
    if (names.includes(name)) continue;
    ctx.report(source, [...inputsAt, name], 'REF_UNKNOWN_INPUT', `${label} has no input '${name}'${didYouMean(name, names)}`, {
      at: 'key',
      hint: `its inputs: ${listNames(names)}`,
    });
  }
}
