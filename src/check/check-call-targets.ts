// REF_UNKNOWN_FLOW: a `call` step names a helper or action of its own connector, and `dynamicFields.flow`
// names a helper.
import { asRecord, entriesOf } from '../compile/plain-data.js';
import type { Check } from './check-context.js';
import { didYouMean, listNames } from './did-you-mean.js';
import { forEachStep } from './walk-steps.js';

export const checkCallTargets: Check = {
  name: 'call-targets',
  run(ctx) {
    for (const file of ctx.files) {
      const connector = file.kind === 'connector' ? ctx.names.connectorOf(file.source) : undefined;
      if (!connector) continue;
      const callable = [...connector.members.values()].filter((m) => m.kind !== 'event').map((m) => m.name);
      forEachStep(file, ({ step, path }) => {
        if (typeof step.call !== 'string') return;
        const member = connector.members.get(step.call);
        if (member && member.kind !== 'event') return;
        const message = member
          ? `'${step.call}' is an event; 'call' names a helper or action`
          : `connector '${connector.name}' has no helper or action '${step.call}'${didYouMean(step.call, callable)}`;
        ctx.report(file.source, [...path, 'call'], 'REF_UNKNOWN_FLOW', message, { hint: `helpers and actions: ${listNames(callable)}` });
      });
      const helpers = [...connector.members.values()].filter((m) => m.kind === 'helper').map((m) => m.name);
      for (const group of ['actions', 'events'] as const) {
        for (const [name, card] of entriesOf(file.data[group])) {
          const flow = asRecord(asRecord(card)?.dynamicFields)?.flow;
          if (typeof flow !== 'string' || helpers.includes(flow)) continue;
          ctx.report(file.source, [group, name, 'dynamicFields', 'flow'], 'REF_UNKNOWN_FLOW',
            `connector '${connector.name}' has no helper '${flow}'${didYouMean(flow, helpers)}`, { hint: `helpers: ${listNames(helpers)}` });
        }
      }
    }
  },
};
