// Form POSTs to OAuth token and revocation endpoints, independent of the full HTTP pipeline. A POST is re-sent
// only after network errors that happen before anything was sent (connection refused, DNS), because replaying a
// refresh with a rotating refresh token could burn the new token.
import got, { RequestError } from 'got';
import { isRuntimeError, RuntimeError } from '../errors/runtime-error.js';
import { guardedLookup, PrivateAddressLookupError } from '../http/guard-host.js';
import { isIpLiteral, isPrivateAddress } from '../http/private-address.js';
import { authError } from './auth-errors.js';

export interface TokenHttpRequest {
  url: string;
  /** Loopback/private addresses are refused (also after DNS) unless the connector or the runtime allows them. */
  allowPrivateNetwork?: boolean;
  form: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
}

export interface TokenHttpResponse {
  status: number;
  /** The parsed JSON (or form-encoded) body; undefined when empty or not parseable. */
  body: unknown;
}

export type TokenHttp = (request: TokenHttpRequest) => Promise<TokenHttpResponse>;

export interface TokenHttpOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  /** Re-sends after connection-refused/DNS errors. */
  connectRetries: number;
  connectRetryDelayMs: number;
}

export const DEFAULT_TOKEN_HTTP_OPTIONS: TokenHttpOptions = {
  timeoutMs: 30_000,
  maxBodyBytes: 64 * 1024,
  connectRetries: 2,
  connectRetryDelayMs: 250,
};

/** Errors raised before the request was written: safe to re-send. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function createTokenHttp(options: Partial<TokenHttpOptions> = {}): TokenHttp {
  const o = { ...DEFAULT_TOKEN_HTTP_OPTIONS, ...options };
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await postForm(request, o);
      } catch (e) {
        if (isRuntimeError(e)) throw e;
        const code = e instanceof RequestError ? e.code : undefined;
        if (code !== undefined && NOT_SENT_CODES.has(code) && attempt < o.connectRetries) {
          await new Promise((r) => setTimeout(r, o.connectRetryDelayMs * (attempt + 1)));
          continue;
        }
        throw networkError(request.url, e);
      }
    }
  };
}

async function postForm(request: TokenHttpRequest, o: TokenHttpOptions): Promise<TokenHttpResponse> {
  const allowPrivate = request.allowPrivateNetwork === true;
  const url = new URL(request.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RuntimeError('HTTP_HOST_NOT_ALLOWED', `${endpointLabel(request.url)} is not an http(s) URL`, { actor: 'author' });
  }
  if (!allowPrivate && isIpLiteral(url.hostname) && isPrivateAddress(url.hostname)) throw privateEndpoint(request.url);
  const pending = got.post(request.url, {
    dnsLookup: allowPrivate ? undefined : guardedLookup,
    form: { ...request.form },
    headers: { accept: 'application/json', 'user-agent': 'connector-runtime', ...request.headers },
    throwHttpErrors: false,
    followRedirect: false,
    retry: { limit: 0 },
    timeout: { request: o.timeoutMs },
    responseType: 'buffer',
  });
  let tooLarge = false;
  pending.on('downloadProgress', (progress: { transferred: number }) => {
    if (progress.transferred > o.maxBodyBytes && !tooLarge) {
      tooLarge = true;
      pending.cancel();
    }
  });
  try {
    const response = await pending.catch((e: unknown) => {
      for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
        if (c instanceof PrivateAddressLookupError) throw privateEndpoint(request.url);
      }
      throw e;
    });
    if (response.body.length > o.maxBodyBytes) tooLarge = true;
    if (tooLarge) throw tooLargeError(request.url, o.maxBodyBytes);
    return { status: response.statusCode, body: parseBody(response.body, String(response.headers['content-type'] ?? '')) };
  } catch (e) {
    if (tooLarge) throw tooLargeError(request.url, o.maxBodyBytes);
    throw e;
  }
}

function privateEndpoint(url: string): RuntimeError {
  return new RuntimeError('HTTP_PRIVATE_ADDRESS', `OAuth endpoint ${endpointLabel(url)} is a loopback, private or reserved address; set \`allowPrivateNetwork: true\` in the connector if intended`, { actor: 'author' });
}

function parseBody(raw: Buffer, contentType: string): unknown {
  const text = raw.toString('utf8').trim();
  if (text === '') return undefined;
  // Some providers (GitHub without Accept) answer form-encoded token responses.
  if (/application\/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The endpoint without query or credentials: safe to show. */
export function endpointLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function networkError(url: string, e: unknown) {
  const code = e instanceof RequestError ? e.code : 'ERROR';
  return authError('AUTH_TOKEN_NETWORK', `could not reach ${endpointLabel(url)} (${code})`, {
    actor: 'operational',
    retryable: true,
    cause: e instanceof RequestError ? undefined : e,
  });
}

function tooLargeError(url: string, max: number) {
  return authError('AUTH_TOKEN_REQUEST', `${endpointLabel(url)} answered more than ${max} bytes`, {
    actor: 'operational',
  });
}
