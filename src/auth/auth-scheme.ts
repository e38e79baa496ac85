// The one interface every auth scheme implements, and what a scheme needs from the rest of the runtime.
// Schemes only add credentials to a prepared request; the HTTP pipeline sends it and asks `isExpired`/`refresh`
// when a response says the credentials stopped working.
import type { Connection, OAuthTokens } from '../model/connection.js';
import type { Connector } from '../model/model.js';
import type { PreparedRequest } from '../http/prepared-request.js';
import type { TokenHttp } from './token-http.js';

/** Where OAuth tokens live; implemented by src/store/connections.ts. */
export interface TokenStore {
  load(connectionId: string): Connection | undefined;
  /**
   * Compare-and-set: stores `tokens` and bumps the connection's token version to `expectedVersion + 1` only when
   * the stored version still equals `expectedVersion`; false when another writer got there first.
   */
  saveTokens(connectionId: string, tokens: OAuthTokens, expectedVersion: number): boolean;
  /**
   * A lease on renewing the connection's tokens, shared by every process on the store: true when `owner` holds
   * it now (free, lapsed, or already its own) until `ttlMs` from now. Stores used by one process may omit it.
   */
  claimRenewal?(connectionId: string, owner: string, ttlMs: number): boolean;
  /** Gives the lease back, if `owner` still holds it. */
  releaseRenewal?(connectionId: string, owner: string): void;
}

export interface AuthContext {
  connector: Connector;
  connection: Connection;
  tokens: TokenStore;
  http: TokenHttp;
  /** The runtime-wide --allow-private-network; the connector's own `allowPrivateNetwork` counts too. */
  allowPrivateNetwork?: boolean;
  /** Epoch milliseconds; injectable so expiry can be tested without waiting. */
  now?: () => number;
}

/** What `isExpired` looks at: the response of a request sent with this scheme's credentials. */
export interface AuthProbeResponse {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

export interface AuthScheme {
  /** Adds credentials to a prepared request (headers/query). May refresh tokens first. Returns a new request. */
  apply(request: PreparedRequest, ctx: AuthContext): Promise<PreparedRequest>;
  /** After a response: does it say the credentials expired (401 or the connector's expiry signals)? */
  isExpired?(response: AuthProbeResponse, ctx: AuthContext): Promise<boolean>;
  /** Force a refresh (after isExpired); returns false when the scheme cannot refresh. */
  refresh?(ctx: AuthContext): Promise<boolean>;
}
