// The auth scheme: a new scheme or grant, or a scope fewer, means every existing connection must be made again
// (breaking); a new scope or another token endpoint means users re-consent or secrets go elsewhere (risky).
import type { Connector, OAuth2Def } from '../model/model.js';
import type { ChangeRecorder } from './change-recorder.js';
import { fingerprint } from './fingerprint.js';
import { shownList } from './shown-value.js';

const CONNECTOR_WIDE = { on: 'connector' } as const;

export function diffAuth(rec: ChangeRecorder, before: Connector, after: Connector): void {
  const a = before.auth;
  const b = after.auth;
  const at = after.origin;
  if (a.type !== b.type) {
    rec.add('breaking', 'auth-type-changed', `auth scheme changed from ${a.type} to ${b.type}`, {
      at, before: a.type, after: b.type, impact: CONNECTOR_WIDE,
    });
    return;
  }
  if (a.type === 'oauth2' && b.type === 'oauth2') diffOAuth2(rec, a, b, after);
  else if (a.type === 'custom' && b.type === 'custom') {
    const changed = [
      ...changedKeys(a.headers, b.headers).map((h) => `header ${h}`),
      ...changedKeys(a.query, b.query).map((q) => `query ${q}`),
    ];
    if (changed.length > 0) rec.add('risky', 'auth-settings-changed', `auth credentials template changed: ${shownList(changed)}`, { at });
  }
}

function diffOAuth2(rec: ChangeRecorder, a: OAuth2Def, b: OAuth2Def, after: Connector): void {
  const at = after.origin;
  if (a.grant !== b.grant) {
    rec.add('breaking', 'auth-grant-changed', `OAuth 2.0 grant changed from ${a.grant} to ${b.grant}`, {
      at, before: a.grant, after: b.grant, impact: CONNECTOR_WIDE,
    });
  }
  const removed = a.scopes.filter((s) => !b.scopes.includes(s));
  const added = b.scopes.filter((s) => !a.scopes.includes(s));
  if (removed.length > 0) {
    rec.add('breaking', 'auth-scopes-removed', `scopes removed: ${shownList(removed)}`, { at, before: removed.join(' '), impact: CONNECTOR_WIDE });
  }
  if (added.length > 0) {
    rec.add('risky', 'auth-scopes-added', `scopes added: ${shownList(added)} (users must consent again)`, { at, after: added.join(' ') });
  }
  const urls: [keyof OAuth2Def, string][] = [['authorizeUrl', 'authorize URL'], ['tokenUrl', 'token URL'], ['revokeUrl', 'revoke URL']];
  for (const [key, label] of urls) {
    const from = a[key] as string | undefined;
    const to = b[key] as string | undefined;
    if (from === to) continue;
    rec.add('risky', 'auth-url-changed', `${label} changed from ${from ?? '(none)'} to ${to ?? '(none)'}`, {
      at, ...(from !== undefined && { before: from }), ...(to !== undefined && { after: to }),
    });
  }
  const settings = (['scopeSeparator', 'pkce', 'clientAuth', 'refresh', 'expiry', 'extraAuthorizeParams'] as const).filter(
    (k) => fingerprint(a[k]) !== fingerprint(b[k]),
  );
  if (settings.length > 0) rec.add('risky', 'auth-settings-changed', `OAuth 2.0 settings changed: ${settings.join(', ')}`, { at });
}

function changedKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => fingerprint(a[k]) !== fingerprint(b[k]));
}
