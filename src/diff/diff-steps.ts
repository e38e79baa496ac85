// Steps of a card, helper or system flow. A change to what goes on the wire (a request's method, URL, query,
// headers, body, pagination) is risky; any other change to the steps is safe but changes behaviour.
import type { Origin, RequestStep, Step } from '../model/model.js';
import type { ChangeRecorder } from './change-recorder.js';
import { fingerprint } from './fingerprint.js';
import { walkModelSteps } from './walk-model-steps.js';

const MAX_DETAILS = 3;

export function diffSteps(rec: ChangeRecorder, before: readonly Step[], after: readonly Step[], at: Origin): void {
  const requestsBefore = requestsOf(before);
  const requestsAfter = requestsOf(after);
  if (fingerprint(requestsBefore) !== fingerprint(requestsAfter)) {
    rec.add('risky', 'requests-changed', `requests changed: ${requestDetails(requestsBefore, requestsAfter)}`, { at });
    return;
  }
  if (fingerprint(before) !== fingerprint(after)) rec.add('safe', 'steps-changed', 'steps changed (behaviour changed)', { at });
}

function requestsOf(steps: readonly Step[]): RequestStep[] {
  const out: RequestStep[] = [];
  walkModelSteps(steps, ({ step }) => {
    if (step.kind === 'request') out.push(step);
  });
  return out;
}

/** `new GET /user/emails; removed GET /user; POST /tickets (body, headers)`. */
function requestDetails(before: RequestStep[], after: RequestStep[]): string {
  const details: string[] = [];
  const remaining = [...before];
  for (const request of after) {
    const i = remaining.findIndex((r) => signature(r) === signature(request));
    if (i < 0) {
      details.push(`new ${signature(request)}`);
      continue;
    }
    const [old] = remaining.splice(i, 1);
    const parts = changedParts(old!, request);
    if (parts.length > 0) details.push(`${signature(request)} (${parts.join(', ')})`);
  }
  for (const r of remaining) details.push(`removed ${signature(r)}`);
  if (details.length === 0) return 'order of requests';
  const shown = details.slice(0, MAX_DETAILS).join('; ');
  return details.length > MAX_DETAILS ? `${shown}; and ${details.length - MAX_DETAILS} more` : shown;
}

function signature(r: RequestStep): string {
  const url = r.url.source.replace(/\s+/g, ' ');
  return `${r.method} ${url.length > 80 ? `${url.slice(0, 79)}…` : url}`;
}

const REQUEST_PARTS = ['query', 'headers', 'body', 'response', 'paginate', 'idempotent', 'timeoutMs', 'id'] as const;

function changedParts(a: RequestStep, b: RequestStep): string[] {
  return REQUEST_PARTS.filter((p) => fingerprint(a[p]) !== fingerprint(b[p])).map((p) => (p === 'timeoutMs' ? 'timeout' : p));
}
