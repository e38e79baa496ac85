// How a stored connection is described to people and programs, from its summary (secrets already masked).
import type { ConnectionSummary } from '../../store/store.js';
import { formatTime } from '../terminal-text.js';

export function tokenText(c: ConnectionSummary): string {
  if (!c.hasTokens) return 'none';
  if (c.tokenExpiresAt === undefined) return 'stored, no expiry given';
  return `stored, ${c.tokenExpiresAt <= Date.now() ? 'expired' : 'expire'} ${formatTime(c.tokenExpiresAt)}`;
}

/** The summary minus internals: what `--json` prints. */
export function publicView(c: ConnectionSummary): Record<string, unknown> {
  return {
    connector: c.connector,
    name: c.name,
    id: c.id,
    status: c.status,
    label: c.label ?? null,
    fields: c.maskedFields,
    hasTokens: c.hasTokens,
    tokenExpiresAt: c.tokenExpiresAt === undefined ? null : new Date(c.tokenExpiresAt).toISOString(),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}
