// A user's connection to a connector's service, as the running side sees it (secrets decrypted in memory).
export interface OAuthTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly tokenType?: string;
  /** Epoch milliseconds; absent when the server gave no expiry. */
  readonly expiresAt?: number;
  readonly scope?: string;
}

export interface Connection {
  readonly id: string;
  readonly connector: string;
  /** Unique per connector; what flows name. */
  readonly name: string;
  /** All field values, secrets included. Never log or store this object as is. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Names of the fields that are secret (type `secret`, or implied by the auth scheme). */
  readonly secretFields: readonly string[];
  readonly tokens?: OAuthTokens;
  /** Bumped on every token change: compare-and-set for rotated refresh tokens. */
  readonly tokenVersion: number;
  /** From authping, e.g. the user's login. */
  readonly label?: string;
  readonly status: 'unknown' | 'working' | 'failing';
  readonly createdAt: number;
}
