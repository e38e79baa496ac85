// `POST|GET /hooks/:token`: adapts the HTTP request to the webhook ingress and writes its answer. Logs one line
// per request (flow, status, duration; never the body, the token or a secret) and counts it in metrics.
import type { WebhookIngress } from '../../triggers/webhook-ingress.js';
import type { MetricsRegistry } from '../metrics.js';
import { readLimitedBody } from '../read-limited-body.js';
import { headersOf, queryOf } from '../request-parts.js';
import type { Route } from '../route.js';
import { pathPattern } from '../route.js';
import { sendBody } from '../send-response.js';
import type { LogSink } from '../../log/log-sink.js';

export const HOOKS_PATH = '/hooks/:token';
/** After a 413 the rest of the body is not read; a sender that keeps streaming is cut off after this grace. */
const CLOSE_GRACE_MS = 1000;

export function webhookRoute(ingress: WebhookIngress, logger: LogSink, metrics: MetricsRegistry): Route {
  const requests = metrics.counter('runtime_webhook_requests_total', 'Webhook requests by flow and HTTP status.', ['flow', 'status']);
  const stored = metrics.counter('runtime_webhook_events_total', 'Events stored from webhook deliveries.', ['flow']);
  const duplicates = metrics.counter('runtime_webhook_duplicates_total', 'Webhook records dropped as repeated deliveries.', ['flow']);
  return {
    name: 'webhook',
    methods: ['POST', 'GET'],
    match: pathPattern(HOOKS_PATH),
    async handle({ req, res, url, params }) {
      const started = performance.now();
      const answer = await ingress.receive({
        method: req.method === 'GET' ? 'GET' : 'POST',
        token: params.token ?? '',
        headers: headersOf(req.rawHeaders),
        query: queryOf(url),
        readBody: (maxBytes) => readLimitedBody(req, maxBytes),
      });
      const headers = { ...answer.headers };
      if (answer.closeConnection) {
        headers.connection = 'close';
        res.once('finish', () => setTimeout(() => req.socket.destroy(), CLOSE_GRACE_MS).unref());
      }
      sendBody(res, answer.status, answer.body, headers);
      // The status actually sent: the server's deadline may have answered first.
      const status = res.statusCode;
      const flow = answer.flow ?? '';
      requests.inc({ flow, status });
      if (answer.inserted) stored.inc({ flow }, answer.inserted);
      if (answer.duplicates) duplicates.inc({ flow }, answer.duplicates);
      const fields = {
        route: 'webhook',
        flow: answer.flow,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(answer.code !== undefined && { code: answer.code }),
        ...(answer.detail !== undefined && { detail: answer.detail }),
        ...(answer.inserted !== undefined && { received: answer.inserted, duplicates: answer.duplicates }),
      };
      if (status >= 500) logger.error(fields, 'webhook request failed');
      else if (status >= 400) logger.warn(fields, 'webhook request refused');
      else logger.info(fields, 'webhook request');
    },
  };
}
