// The transport at the end of the pipeline: ONE got instance, created once. got follows redirects (max 5, host guard
// re-checked on each) and enforces the timeout; it neither retries nor throws for status: the middlewares decide.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import got, { type Options } from 'got';
import { isRuntimeError, RuntimeError } from '../errors/runtime-error.js';
import type { HttpResponse } from './prepared-request.js';
import type { MutableAttempt, Send } from './pipeline.js';
import { checkUrlAllowed, guardedLookup, hostGuardOf, privateAddressError, PrivateAddressLookupError, type HostGuard } from './guard-host.js';
import { buildRequestUrl, printableUrl } from './request-url.js';
import { encodeRequestBody } from './request-body.js';
import { readErrorBody, readSuccessBody } from './response-body.js';
import { isSuccessStatus } from './status-error.js';
import { networkCodeOf, networkError } from './network-error.js';

export interface TransportOptions {
  readonly defaultTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxFileBytes: number;
  readonly userAgent: string;
}

export interface GotTransport {
  readonly send: Send;
  /** Closes pooled sockets. */
  close(): void;
}

interface GotContext extends Record<string, unknown> {
  hostGuard: HostGuard;
}

export function createGotTransport(options: TransportOptions): GotTransport {
  // Separate socket pools: a socket opened for a connector that may reach private addresses must never be reused
  // by one that may not (a reused socket skips the DNS guard).
  const guardedAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const openAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  const client = got.extend({
    throwHttpErrors: false,
    followRedirect: true,
    maxRedirects: 5,
    retry: { limit: 0 },
    headers: { 'user-agent': options.userAgent },
    hooks: {
      beforeRedirect: [
        (updated) => {
          const guard = (updated.context as GotContext).hostGuard;
          const target = updated.url instanceof URL ? updated.url : new URL(String(updated.url));
          checkUrlAllowed(target, guard);
        },
      ],
    },
  });

  const send: Send = async (request, call) => {
    const { context } = call;
    const url = buildRequestUrl(request, context.origin);
    const encoded = encodeRequestBody(request, context.fileStore, context.origin);
    const timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : options.defaultTimeoutMs;
    const what = `${request.method} ${printableUrl(url)}`;
    const redirects: string[] = [];
    const attempt: MutableAttempt = { method: request.method, url: printableUrl(url), redirects, rateWaitMs: call.rateWaitMs, outcome: 'final' };
    call.rateWaitMs = 0;
    call.attempts.push(attempt);

    const hostGuard = hostGuardOf(context);
    const stream = client.stream(url, {
      method: request.method,
      headers: withBodyHeaders(request.headers, encoded.headers, encoded.fixedHeaders),
      body: encoded.body,
      timeout: { request: timeoutMs },
      signal: context.signal,
      dnsLookup: context.allowPrivateNetwork ? undefined : guardedLookup,
      agent: context.allowPrivateNetwork ? openAgents : guardedAgents,
      context: { hostGuard } satisfies GotContext,
    });
    // Errors surface through waitForResponse or the body reader; this listener keeps a late one from crashing.
    stream.on('error', () => undefined);
    stream.on('redirect', (updated: Options) => redirects.push(printableUrl(String(updated.url))));
    if (encoded.body === undefined && request.method !== 'GET' && request.method !== 'HEAD') stream.end();

    try {
      const response = await waitForResponse(stream);
      attempt.status = response.statusCode;
      const finalUrl = new URL(response.url);
      const meta = { what, status: response.statusCode, headers: response.headers, url: finalUrl, origin: context.origin };
      const body = isSuccessStatus(response.statusCode)
        ? await readSuccessBody(stream, request.responseType, meta, {
            maxBytes: context.maxResponseBytes ?? options.maxResponseBytes,
            maxFileBytes: context.maxFileBytes ?? options.maxFileBytes,
            fileStore: context.fileStore,
          })
        : await readErrorBody(stream, response.headers);
      const result: HttpResponse = { status: response.statusCode, headers: response.headers, body, url: printableUrl(finalUrl) };
      return result;
    } catch (error) {
      stream.destroy();
      const failure = toRuntimeError(error, request.method, url, hostGuard, timeoutMs);
      attempt.error = failure.code === 'HTTP_NETWORK' ? `${failure.code} ${networkCodeOf(failure) ?? ''}`.trim() : failure.code;
      throw failure;
    }
  };

  return {
    send,
    close() {
      for (const agent of [guardedAgents.http, guardedAgents.https, openAgents.http, openAgents.https]) agent.destroy();
    },
  };
}

interface GotResponse {
  readonly statusCode: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly url: string;
}

function waitForResponse(stream: Readable): Promise<GotResponse> {
  return new Promise((resolve, reject) => {
    const onResponse = (response: GotResponse): void => {
      stream.off('error', onError);
      resolve(response);
    };
    const onError = (error: unknown): void => {
      stream.off('response', onResponse);
      reject(error);
    };
    stream.once('response', onResponse);
    stream.once('error', onError);
  });
}

function withBodyHeaders(
  own: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  fixed: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  const overridden = new Set(Object.keys(fixed));
  for (const [name, value] of Object.entries(own)) {
    if (!overridden.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  for (const [name, value] of Object.entries(defaults)) if (!(name in headers)) headers[name] = value;
  return { ...headers, ...fixed };
}

// Our own errors (guards in hooks and DNS lookup, body limits) travel inside got's wrappers: unwrap them.
function toRuntimeError(error: unknown, method: string, url: URL, guard: HostGuard, timeoutMs: number): RuntimeError {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isRuntimeError(e)) return e;
    if (e instanceof PrivateAddressLookupError) return privateAddressError(guard, e.hostname, e.address);
  }
  return networkError(method, url, error, { origin: guard.origin, timeoutMs });
}
