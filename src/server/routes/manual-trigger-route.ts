// `POST /flows/:name/trigger`: starts a manually triggered flow. Needs `Authorization: Bearer <token>` (compared
// in constant time with the configured trigger token); the JSON body is the flow's manual inputs. Answers 202
// `{"event": "<id>"}` once `onTrigger` has queued the event.
import { isRuntimeError } from '../../errors/runtime-error.js';
import { constantTimeEqual } from '../../triggers/verify/constant-time-equal.js';
import { MAX_JSON_DEPTH, parseWebhookBody } from '../../triggers/webhook-body.js';
import { readLimitedBody } from '../read-limited-body.js';
import type { Route } from '../route.js';
import { pathPattern } from '../route.js';
import { sendError, sendJson } from '../send-response.js';
import type { LogSink } from '../../log/log-sink.js';

const FLOW_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ManualTriggerOptions {
  /** The bearer token callers must present. */
  readonly token: string;
  /**
   * Queues an event for the flow and returns its id. Throw a RuntimeError with a 4xx `status` for a caller's
   * mistake (unknown flow 404, invalid inputs 400: its message is shown), `STORE_UNAVAILABLE` when not stored.
   */
  onTrigger(flow: string, inputs: Record<string, unknown>): Promise<string>;
  readonly maxBodyBytes?: number;
}

export function manualTriggerRoute(options: ManualTriggerOptions, logger: LogSink): Route {
  if (options.token.length === 0) throw new Error('the manual trigger token must not be empty');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    name: 'manual_trigger',
    methods: ['POST'],
    match: pathPattern('/flows/:name/trigger'),
    async handle({ req, res, params }) {
      const flow = params.name ?? '';
      const presented = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (presented === undefined || !constantTimeEqual(presented, options.token)) {
        return sendError(res, 401, 'TRIGGER_UNAUTHORIZED', 'a valid bearer token is required', { 'www-authenticate': 'Bearer' });
      }
      if (!FLOW_NAME.test(flow)) return sendError(res, 404, 'TRIGGER_UNKNOWN_FLOW', 'no such flow');
      const raw = await readLimitedBody(req, maxBodyBytes);
      if (raw === undefined) {
        res.once('finish', () => req.socket.destroy());
        return sendError(res, 413, 'TRIGGER_TOO_LARGE', `the body is larger than ${maxBodyBytes} bytes`, { connection: 'close' });
      }
      const parsed = parseWebhookBody('application/json', raw);
      const inputs = parsed.ok ? (parsed.value === undefined ? {} : parsed.value) : undefined;
      if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
        return sendError(res, 400, 'TRIGGER_INPUTS', `the body must be a JSON object of inputs (nested at most ${MAX_JSON_DEPTH} deep)`);
      }
      try {
        const id = await options.onTrigger(flow, inputs as Record<string, unknown>);
        logger.info({ route: 'manual_trigger', flow, status: 202, event: id }, 'flow triggered');
        sendJson(res, 202, { event: id });
      } catch (e) {
        const status = isRuntimeError(e) && e.status !== undefined && e.status >= 400 && e.status < 500 ? e.status : undefined;
        if (status !== undefined && isRuntimeError(e)) {
          logger.warn({ route: 'manual_trigger', flow, status, code: e.code }, 'trigger refused');
          return sendError(res, status, e.code, e.message);
        }
        if (isRuntimeError(e) && e.code === 'STORE_UNAVAILABLE') {
          logger.error({ route: 'manual_trigger', flow, status: 503, code: e.code, detail: e.message }, 'trigger not stored');
          return sendError(res, 503, 'STORE_UNAVAILABLE', 'the event could not be stored; retry later', { 'retry-after': '5' });
        }
        logger.error({ route: 'manual_trigger', flow, status: 500, error: e instanceof Error ? e.message : String(e) }, 'trigger failed');
        return sendError(res, 500, 'TRIGGER_FAILED', 'the flow could not be triggered');
      }
    },
  };
}
