// DEF_CONFLICT in request steps: one body kind at most, and pagination settings that fit the chosen style.
import { REQUEST_BODY_KEYS } from '../compile/compile-request.js';
import { asRecord } from '../compile/plain-data.js';
import type { Check } from './check-context.js';
import { forEachStep } from './walk-steps.js';

/** Keys each pagination style reads; `style` and `items` are common to all. */
const STYLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  link: ['maxPages'],
  cursor: ['cursor', 'cursorParam', 'maxPages'],
  offset: ['offsetParam', 'limitParam', 'limit', 'maxPages'],
  page: ['pageParam', 'limitParam', 'limit', 'firstPage', 'maxPages'],
};

export const checkRequestConflicts: Check = {
  name: 'request-conflicts',
  run(ctx) {
    for (const file of ctx.files) {
      forEachStep(file, ({ step, path }) => {
        const request = asRecord(step.request);
        if (!request) return;
        const at = [...path, 'request'];
        const bodies = REQUEST_BODY_KEYS.filter((k) => request[k] !== undefined);
        for (const extra of bodies.slice(1)) {
          ctx.report(file.source, [...at, extra], 'DEF_CONFLICT', `'${extra}' cannot be used together with '${bodies[0]}': a request has one body`, {
            at: 'key',
            hint: `use one of ${REQUEST_BODY_KEYS.join(', ')}`,
          });
        }
        if (request.contentType !== undefined && request.body === undefined) {
          ctx.report(file.source, [...at, 'contentType'], 'DEF_CONFLICT', "'contentType' applies only to a raw 'body'", { at: 'key' });
        }
        const paginate = asRecord(request.paginate);
        if (!paginate) return;
        const style = typeof paginate.style === 'string' ? paginate.style : 'link';
        const allowed = STYLE_KEYS[style];
        if (!allowed) return;
        for (const key of Object.keys(paginate)) {
          if (key === 'style' || key === 'items' || allowed.includes(key)) continue;
          const owners = Object.keys(STYLE_KEYS).filter((s) => STYLE_KEYS[s].includes(key));
          if (owners.length === 0) continue; // unknown keys are the schema's business
          ctx.report(file.source, [...at, 'paginate', key], 'DEF_CONFLICT', `'${key}' does not apply to paginate style '${style}'; it belongs to ${owners.map((o) => `'${o}'`).join(' and ')}`, { at: 'key' });
        }
        if (style === 'cursor' && paginate.cursor === undefined) {
          ctx.report(file.source, [...at, 'paginate', 'style'], 'DEF_CONFLICT', "paginate style 'cursor' needs 'cursor': a JSONata expression giving the next page's cursor");
        }
      });
    }
  },
};
