// The runtime's one HTTP server (node:http, no framework): an explicit, ordered list of routes, request limits
// (header and request timeouts, a deadline per handler, body limits per route), 404/405 for the rest, and a
// graceful close: stop accepting, let in-flight requests finish until a deadline, then close every socket.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createWebhookIngress, type WebhookIngressDeps } from '../triggers/webhook-ingress.js';
import { MetricsRegistry } from './metrics.js';
import type { Route } from './route.js';
import { healthRoute, type HealthCheck } from './routes/health-route.js';
import { manualTriggerRoute, type ManualTriggerOptions } from './routes/manual-trigger-route.js';
import { metricsRoute } from './routes/metrics-route.js';
import { oauthCallbackRoute, type OAuthCallbackHandler } from './routes/oauth-callback-route.js';
import { webhookRoute } from './routes/webhook-route.js';
import { canAnswer, sendError } from './send-response.js';
import { SILENT_LOGGER } from '../log/log-sink.js';
import type { LogSink } from '../log/log-sink.js';

export interface ServerLimits {
  /** Time to receive the request headers. */
  readonly headersTimeoutMs: number;
  /** Time to receive the whole request. */
  readonly requestTimeoutMs: number;
  /** Time a handler may take to answer (e.g. waiting for the store); then 503. */
  readonly handlerTimeoutMs: number;
  /** Idle time of a keep-alive connection between requests. */
  readonly keepAliveTimeoutMs: number;
  /** How long `close()` lets in-flight requests finish before it closes their sockets. */
  readonly closeDeadlineMs: number;
  /** Longest request target (path and query). */
  readonly maxUrlLength: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  handlerTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  closeDeadlineMs: 10_000,
  maxUrlLength: 8192,
});

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logger?: LogSink;
  /** Shared with the rest of the runtime; the server adds its own metrics to it. */
  readonly metrics?: MetricsRegistry;
  /** `GET /health`; e.g. `storeAnswers(store)` from routes/health-route.ts. */
  readonly health: HealthCheck;
  /** `POST|GET /hooks/:token`; absent: no webhook route. */
  readonly webhooks?: WebhookIngressDeps;
  /** `GET /oauth/callback`: the handler from `createOAuthCallbackHandler`. */
  readonly oauthCallback?: OAuthCallbackHandler;
  /** `POST /flows/:name/trigger`; absent: no manual trigger route. */
  readonly manualTrigger?: ManualTriggerOptions;
  readonly limits?: Partial<ServerLimits>;
}

export interface RunningHttpServer {
  /** e.g. `http://127.0.0.1:43817` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const logger = options.logger ?? SILENT_LOGGER;
  const metrics = options.metrics ?? new MetricsRegistry();
  const routes = buildRoutes(options, logger, metrics);
  const requestsTotal = metrics.counter('runtime_http_requests_total', 'HTTP requests by route and status.', ['route', 'status']);
  const duration = metrics.histogram('runtime_http_request_duration_seconds', 'Time to answer HTTP requests, by route.', ['route']);

  let closing = false;
  let inFlight = 0;
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;

  server.on('request', (req, res) => {
    inFlight++;
    const started = performance.now();
    let routeName = 'none';
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight--;
      requestsTotal.inc({ route: routeName, status: res.statusCode });
      duration.observe({ route: routeName }, (performance.now() - started) / 1000);
      if (closing) server.closeIdleConnections();
    });
    void dispatch(req, res, (name) => (routeName = name));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Malformed requests and header timeouts: a bare answer, nothing from the request echoed.
    if (socket.writable && error.code !== 'ECONNRESET') {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    } else {
      socket.destroy();
    }
  });

  async function dispatch(req: http.IncomingMessage, res: http.ServerResponse, named: (name: string) => void): Promise<void> {
    const target = req.url ?? '/';
    if (target.length > limits.maxUrlLength) return sendError(res, 414, 'HTTP_URL_TOO_LONG', 'the request target is too long');
    let url: URL;
    try {
      url = new URL(target, 'http://runtime.invalid');
    } catch {
      return sendError(res, 400, 'HTTP_BAD_REQUEST', 'the request target is not a valid path');
    }
    const found = findRoute(routes, url.pathname);
    if (!found) return sendError(res, 404, 'HTTP_NOT_FOUND', 'there is nothing here');
    const { route, params } = found;
    named(route.name);
    if (!route.methods.includes(req.method ?? '')) {
      return sendError(res, 405, 'HTTP_METHOD_NOT_ALLOWED', `use ${route.methods.join(' or ')}`, { allow: route.methods.join(', ') });
    }
    const deadline = setTimeout(() => {
      logger.error({ route: route.name, status: 503 }, 'handler did not answer in time');
      if (canAnswer(res)) sendError(res, 503, 'HTTP_TIMEOUT', 'the request took too long; retry later', { 'retry-after': '5', connection: 'close' });
      else res.destroy();
    }, limits.handlerTimeoutMs);
    // A handler stuck after its connection was cut must not keep the process alive.
    deadline.unref();
    res.once('close', () => clearTimeout(deadline));
    try {
      await route.handle({ req, res, url, params });
    } catch (e) {
      logger.error({ route: route.name, error: e instanceof Error ? e.message : String(e) }, 'handler failed');
      if (canAnswer(res)) sendError(res, 500, 'HTTP_INTERNAL', 'something went wrong');
      else res.destroy();
    } finally {
      clearTimeout(deadline);
    }
    // A handler that returned without answering is a bug; the client must not hang.
    if (canAnswer(res)) sendError(res, 500, 'HTTP_INTERNAL', 'no answer was produced');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, routes: routes.map((r) => r.name) }, 'http server listening');

  let closed: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        const deadline = setTimeout(() => {
          if (inFlight > 0) logger.warn({ inFlight }, 'closing connections of requests still running');
          server.closeAllConnections();
        }, limits.closeDeadlineMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          logger.info({ url }, 'http server closed');
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

function buildRoutes(options: HttpServerOptions, logger: LogSink, metrics: MetricsRegistry): Route[] {
  const routes: Route[] = [healthRoute(options.health, logger), metricsRoute(metrics)];
  if (options.webhooks) routes.push(webhookRoute(createWebhookIngress(options.webhooks), logger, metrics));
  if (options.oauthCallback) routes.push(oauthCallbackRoute(options.oauthCallback));
  if (options.manualTrigger) routes.push(manualTriggerRoute(options.manualTrigger, logger));
  return routes;
}

function findRoute(routes: readonly Route[], pathname: string): { route: Route; params: Readonly<Record<string, string>> } | undefined {
  for (const route of routes) {
    const params = route.match(pathname);
    if (params) return { route, params };
  }
  return undefined;
}
