// `GET /oauth/callback?code&state`: where the authorization server sends the user's browser back. Completes the
// pending authorization, hands the tokens to `onTokens`, and answers a small page; nothing the browser or the
// authorization server sent is echoed unescaped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRuntimeError } from '../errors/runtime-error.js';
import type { OAuthTokens } from '../model/connection.js';
import { completeAuthorization } from '../auth/oauth2-authorize.js';
import type { PendingAuthorization, PendingAuthorizations } from '../auth/pending-authorizations.js';
import type { TokenHttp } from '../auth/token-http.js';

export const OAUTH_CALLBACK_PATH = '/oauth/callback';

export interface OAuthCallbackOptions {
  pending: PendingAuthorizations;
  http: TokenHttp;
  /** Stores the tokens (creates or updates the connection). A throw turns into an error page. */
  onTokens(pending: PendingAuthorization, tokens: OAuthTokens): Promise<void> | void;
  /** Told about failures (codes and messages carry no secrets); the page shows only a short reason. */
  onError?(error: unknown): void;
  path?: string;
  now?: () => number;
}

const MAX_URL_LENGTH = 8192;

export function createOAuthCallbackHandler(options: OAuthCallbackOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const path = options.path ?? OAUTH_CALLBACK_PATH;
  return async (req, res) => {
    const rawUrl = req.url ?? '';
    if (rawUrl.length > MAX_URL_LENGTH) return page(res, 414, 'Request too long', 'The callback address is too long.');
    const url = new URL(rawUrl, 'http://callback.invalid');
    if (url.pathname !== path) return page(res, 404, 'Not found', 'There is nothing here.');
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      return page(res, 405, 'Method not allowed', 'Use GET.');
    }
    try {
      const { pending, tokens } = await completeAuthorization(options.pending, url.searchParams, options.http, options.now);
      await options.onTokens(pending, tokens);
      const name = pending.connectionName ? ` ${pending.connectionName}` : '';
      return page(res, 200, 'Connected', `The connection${name} to ${pending.connector.title} is ready. You can close this tab.`);
    } catch (e) {
      options.onError?.(e);
      const [status, reason] = describeFailure(e);
      return page(res, status, 'Not connected', reason);
    }
  };
}

function describeFailure(e: unknown): [number, string] {
  if (!isRuntimeError(e)) return [500, 'Something went wrong while saving the connection.'];
  switch (e.code) {
    case 'AUTH_STATE_MISMATCH':
      return [400, 'This link is unknown, expired or was already used. Start connecting again.'];
    case 'AUTH_DENIED':
      return [400, `Access was not granted (${e.message}).`];
    case 'AUTH_TOKEN_REQUEST':
    case 'AUTH_TOKEN_NETWORK':
      return [502, `The service did not issue tokens (${e.message}).`];
    default:
      return [500, `The connection could not be completed (${e.code}).`];
  }
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
