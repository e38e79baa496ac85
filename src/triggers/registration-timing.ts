// When to retry a failed registration and when to renew an active one.
import type { Registration } from '../store/event-store.js';

export interface BackoffPolicy {
  /** The first retry's delay (default 1 s); each further failure doubles it. */
  readonly baseMs: number;
  /** Upper bound (default 5 min). */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 1000, maxMs: 5 * 60_000 });

/** Delay after the failure that follows `previousFailures` failures: base, 2 base, 4 base, ... capped. */
export function backoffMs(previousFailures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(0, previousFailures), 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** A failed registration (or deregistration) may be tried again. */
export function retryDue(r: Registration, now: number): boolean {
  return r.nextAttemptAt === undefined || r.nextAttemptAt <= now;
}

export const MIN_RENEWAL_MARGIN_MS = 60_000;

/**
 * An active registration with an expiry is renewed once within its margin of it: 10% of its lifetime, at least
 * one minute, but never more than half the lifetime (a lifetime of a minute would otherwise always be due).
 */
export function renewalDue(r: Registration, now: number, declaredLifetimeMs?: number): boolean {
  if (r.status !== 'active' || r.expiresAt === undefined) return false;
  const lifetime = declaredLifetimeMs ?? (r.registeredAt !== undefined ? r.expiresAt - r.registeredAt : 0);
  const margin = Math.min(Math.max(lifetime * 0.1, MIN_RENEWAL_MARGIN_MS), Math.max(0, lifetime / 2));
  return now >= r.expiresAt - margin;
}
