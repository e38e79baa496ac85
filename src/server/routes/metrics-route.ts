// `GET /metrics`: the registry in the Prometheus text exposition format 0.0.4.
import type { MetricsRegistry } from '../metrics.js';
import type { Route } from '../route.js';
import { pathPattern } from '../route.js';
import { sendBody } from '../send-response.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function metricsRoute(metrics: MetricsRegistry): Route {
  return {
    name: 'metrics',
    methods: ['GET'],
    match: pathPattern('/metrics'),
    async handle({ res }) {
      sendBody(res, 200, metrics.render(), { 'content-type': PROMETHEUS_CONTENT_TYPE });
    },
  };
}
