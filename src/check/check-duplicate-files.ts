// DEF_DUPLICATE_FILE: connector names, and flow names, are unique across the project's files.
// Files are taken in path order; every file after the first of a name is reported at its `name`.
import { asRecord, asString } from '../compile/plain-data.js';
import type { Check } from './check-context.js';

export const checkDuplicateFiles: Check = {
  name: 'duplicate-files',
  run(ctx) {
    const first = new Map<string, string>();
    const ordered = [...ctx.allFiles].sort((a, b) => a.source.file.localeCompare(b.source.file));
    for (const f of ordered) {
      const name = asString(asRecord(f.source.value)?.name);
      if (name === undefined) continue;
      const key = `${f.kind}:${name}`;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, f.source.file);
        continue;
      }
      ctx.report(f.source, ['name'], 'DEF_DUPLICATE_FILE', `${f.kind} '${name}' is already defined in ${earlier}`, {
        hint: `${f.kind} names are unique in a project; rename one of them`,
      });
    }
  },
};
