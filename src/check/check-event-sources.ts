// DEF_CONFLICT in events: an event needs a webhook or a polling monitor, and a webhook's signature check
// needs the settings its scheme reads.
import { asRecord, entriesOf } from '../compile/plain-data.js';
import type { Check } from './check-context.js';

/** Settings each verify scheme cannot work without, and settings it ignores. */
const VERIFY_NEEDS: Readonly<Record<string, { needs: readonly string[]; ignores: readonly string[] }>> = {
  'hmac-sha256': { needs: ['header', 'secret'], ignores: [] },
  'hmac-sha1': { needs: ['header', 'secret'], ignores: [] },
  'shared-secret': { needs: ['header', 'secret'], ignores: ['prefix', 'encoding', 'timestampHeader', 'tolerance', 'signedContent'] },
  'standard-webhooks': { needs: ['secret'], ignores: ['header', 'prefix', 'encoding', 'timestampHeader', 'signedContent'] },
  none: { needs: [], ignores: ['header', 'prefix', 'encoding', 'secret', 'timestampHeader', 'tolerance', 'signedContent'] },
};

export const checkEventSources: Check = {
  name: 'event-sources',
  run(ctx) {
    for (const file of ctx.files) {
      if (file.kind !== 'connector') continue;
      for (const [name, value] of entriesOf(file.data.events)) {
        const event = asRecord(value) ?? {};
        if (event.webhook === undefined && event.polling === undefined) {
          ctx.report(file.source, ['events', name], 'DEF_CONFLICT', `event '${name}' needs a 'webhook', a 'polling' monitor, or both`, { at: 'key' });
        }
        const verify = asRecord(asRecord(event.webhook)?.verify);
        const scheme = typeof verify?.scheme === 'string' ? verify.scheme : undefined;
        const rules = scheme === undefined ? undefined : VERIFY_NEEDS[scheme];
        if (!verify || !rules) continue;
        const at = ['events', name, 'webhook', 'verify'];
        for (const key of rules.needs.filter((k) => verify[k] === undefined)) {
          ctx.report(file.source, [...at, 'scheme'], 'DEF_CONFLICT', `verify scheme '${scheme}' needs '${key}'`);
        }
        for (const key of rules.ignores.filter((k) => verify[k] !== undefined)) {
          ctx.report(file.source, [...at, key], 'DEF_CONFLICT', `'${key}' has no effect with verify scheme '${scheme}'`, { at: 'key' });
        }
      }
    }
  },
};
