// `GET /health`: 200 `{"status":"ok"}` when the store answers, 503 `{"status":"unavailable"}` otherwise.
import type { Store } from '../../store/store.js';
import type { Route } from '../route.js';
import { pathPattern } from '../route.js';
import { sendJson } from '../send-response.js';
import type { LogSink } from '../../log/log-sink.js';

/** True when healthy; a throw or a rejection counts as unhealthy. */
export type HealthCheck = () => boolean | Promise<boolean>;

export function healthRoute(check: HealthCheck, logger: LogSink): Route {
  return {
    name: 'health',
    methods: ['GET'],
    match: pathPattern('/health'),
    async handle({ res }) {
      let healthy = false;
      try {
        healthy = (await check()) === true;
      } catch (e) {
        logger.warn({ route: 'health', error: e instanceof Error ? e.message : String(e) }, 'health check failed');
      }
      sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' });
    },
  };
}

/** The store answers when one indexed read succeeds (a closed or broken database throws). */
export function storeAnswers(store: Pick<Store, 'events'>): HealthCheck {
  return () => {
    store.events.get('00000000000000000000000000');
    return true;
  };
}
