// Authorizations started but not yet completed, keyed by `state`. In memory on purpose: a pending entry holds
// the PKCE verifier and client secret for at most ten minutes and must not outlive the process that started it.
import type { Connector } from '../model/model.js';

export interface PendingAuthorization {
  readonly state: string;
  readonly codeVerifier?: string;
  readonly redirectUri: string;
  readonly connector: Connector;
  /** The connection fields the user entered (clientId, clientSecret, ...); the connection may not exist yet. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Name of the connection being created or reconnected, for messages. */
  readonly connectionName?: string;
  /** Whatever the caller needs back in `onTokens` (never shown). */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly expiresAt: number;
}

export interface PendingAuthorizationsOptions {
  ttlMs: number;
  /** Bounds memory when callbacks never arrive; the oldest entries are dropped first. */
  maxEntries: number;
  now: () => number;
}

export class PendingAuthorizations {
  private readonly entries = new Map<string, PendingAuthorization>();
  private readonly options: PendingAuthorizationsOptions;

  constructor(options: Partial<PendingAuthorizationsOptions> = {}) {
    this.options = { ttlMs: 10 * 60_000, maxEntries: 1000, now: Date.now, ...options };
  }

  add(entry: Omit<PendingAuthorization, 'expiresAt'>): PendingAuthorization {
    this.prune();
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const pending: PendingAuthorization = { ...entry, expiresAt: this.options.now() + this.options.ttlMs };
    this.entries.set(entry.state, pending);
    return pending;
  }

  /** Single use: the entry is removed whether or not it has expired. */
  take(state: unknown): PendingAuthorization | undefined {
    if (typeof state !== 'string') return undefined;
    const pending = this.entries.get(state);
    if (!pending) return undefined;
    this.entries.delete(state);
    return pending.expiresAt > this.options.now() ? pending : undefined;
  }

  get size(): number {
    this.prune();
    return this.entries.size;
  }

  private prune(): void {
    const now = this.options.now();
    for (const [state, pending] of this.entries) if (pending.expiresAt <= now) this.entries.delete(state);
  }
}
