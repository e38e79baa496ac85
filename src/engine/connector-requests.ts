// Sends a card's prepared request through its connector: auth scheme, allowed hosts, rate budget, retries, and
// one re-send with fresh credentials when the service says they expired.
import type { Connector } from '../model/model.js';
import type { FileStore } from '../model/file-handle.js';
import type { HttpClient } from '../http/http-client.js';
import type { HttpResponse, PreparedRequest } from '../http/prepared-request.js';
import type { TokenStore } from '../auth/auth-scheme.js';
import type { TokenHttp } from '../auth/token-http.js';
import { authSchemeFor } from '../auth/schemes.js';
import { reauthorizeOnFailure } from '../auth/reauthorize.js';
import { RuntimeError, isRuntimeError } from '../errors/runtime-error.js';
import { redact } from '../store/redact.js';
import type { Connection } from '../model/connection.js';
import type { CardContext, RequestSender } from './run-context.js';

export interface ConnectorRequestOptions {
  readonly http: HttpClient;
  readonly tokens: TokenStore;
  readonly tokenHttp: TokenHttp;
  readonly files?: FileStore;
  /** Runtime-wide permission for loopback/private addresses (tests, on-premises services). */
  readonly allowPrivateNetwork?: boolean;
  readonly now?: () => number;
}

export function createConnectorRequests(options: ConnectorRequestOptions): RequestSender {
  return {
    async send(request: PreparedRequest, card: CardContext, signal?: AbortSignal, noteSecrets?: (values: readonly string[]) => void): Promise<HttpResponse> {
      const connector = card.connector;
      if (!connector) throw new RuntimeError('RUN_INTERNAL', 'a request was sent outside a connector flow', { actor: 'bug' });
      const scheme = authSchemeFor(connector.auth);
      const connection = card.connection;
      let authed = request;
      let onAuthFailure: ((response: HttpResponse) => Promise<PreparedRequest | undefined>) | undefined;
      if (connection && connector.auth.type !== 'none') {
        const authCtx = { connector, connection, tokens: options.tokens, http: options.tokenHttp, now: options.now, allowPrivateNetwork: options.allowPrivateNetwork };
        authed = await scheme.apply(request, authCtx);
        onAuthFailure = reauthorizeOnFailure(scheme, authCtx, request);
      }
      try {
        return await options.http.send(authed, {
          connectorName: connector.name,
          allowedHosts: allowedHosts(connector, connection),
          allowPrivateNetwork: connector.allowPrivateNetwork || options.allowPrivateNetwork === true,
          rateKey: connection?.id ?? connector.name,
          rateBudget: connector.rateBudget,
          fileStore: options.files,
          signal,
          onAuthFailure,
        });
      } catch (error) {
        // A service may echo credentials back in an error body: scrub them before the error travels on.
        if (isRuntimeError(error) && error.body !== undefined && connection) {
          Object.defineProperty(error, 'body', { value: redact(error.body, connectionSecrets(options.tokens.load(connection.id) ?? connection)), enumerable: true });
        }
        throw error;
      } finally {
        // Tokens renewed before or during this request (by this run or another) are secrets of this run now.
        if (noteSecrets && connection && connector.auth.type === 'oauth2') noteSecrets(connectionSecrets(options.tokens.load(connection.id) ?? connection));
      }
    },
  };
}

/** The base URL's host (rendered, as the request step renders it, with the non-secret fields) plus the declared hosts. */
function allowedHosts(connector: Connector, connection: Connection | undefined): string[] {
  const hosts = [...connector.hosts];
  const base = connector.baseUrl.isLiteral ? connector.baseUrl.source : connector.baseUrl.render({ connection: connection ? nonSecretFields(connection) : {} });
  try {
    hosts.push(new URL(base).host);
  } catch {
    // An unrenderable base URL leaves only the declared hosts: the request step already reported it.
  }
  return hosts;
}

function nonSecretFields(connection: Connection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(connection.fields)) if (!connection.secretFields.includes(name)) out[name] = value;
  return out;
}

/** Every value of a connection that must never be shown: secret fields and tokens. */
export function connectionSecrets(connection: Connection): string[] {
  const out: string[] = [];
  for (const name of connection.secretFields) {
    const v = connection.fields[name];
    if (typeof v === 'string' && v) out.push(v);
  }
  if (connection.tokens?.accessToken) out.push(connection.tokens.accessToken);
  if (connection.tokens?.refreshToken) out.push(connection.tokens.refreshToken);
  return out;
}
