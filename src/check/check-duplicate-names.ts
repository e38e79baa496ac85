// DEF_DUPLICATE_NAME: actions, events and helpers of one connector share one namespace (a `call` step names
// either). YAML already refuses a repeated key within one map; this finds the same name across the maps.
import { entriesOf } from '../compile/plain-data.js';
import type { Check } from './check-context.js';

const GROUPS = [['actions', 'an action'], ['events', 'an event'], ['helpers', 'a helper']] as const;

export const checkDuplicateNames: Check = {
  name: 'duplicate-names',
  run(ctx) {
    for (const file of ctx.files) {
      if (file.kind !== 'connector') continue;
      const all = GROUPS.flatMap(([group, kind]) =>
        entriesOf(file.data[group]).map(([name]) => ({ name, kind, path: [group, name], line: file.source.locate([group, name], 'key').line })));
      all.sort((a, b) => a.line - b.line);
      const seen = new Map<string, { kind: string; line: number }>();
      for (const m of all) {
        const earlier = seen.get(m.name);
        if (!earlier) {
          seen.set(m.name, m);
          continue;
        }
        ctx.report(file.source, m.path, 'DEF_DUPLICATE_NAME', `'${m.name}' is already the name of ${earlier.kind} (line ${earlier.line})`, {
          at: 'key',
          hint: 'actions, events and helpers of a connector share one namespace',
        });
      }
    }
  },
};
