// DEF_CONFLICT in the auth map: keys of another scheme, and OAuth 2.0 settings the chosen grant needs.
// The schema lists every scheme's keys as optional (no oneOf), so which keys fit which scheme is checked here.
import { asRecord } from '../compile/plain-data.js';
import type { Check } from './check-context.js';

const SCHEME_KEYS: Readonly<Record<string, readonly string[]>> = {
  none: [],
  basic: [],
  custom: ['headers', 'query'],
  oauth2: [
    'grant', 'authorizeUrl', 'tokenUrl', 'revokeUrl', 'scopes', 'scopeSeparator', 'pkce', 'clientAuth', 'refresh', 'expiry',
    'extraAuthorizeParams',
  ],
};

/** OAuth 2.0 keys that only the browser-based authorization_code grant uses. */
const AUTHORIZE_ONLY = ['authorizeUrl', 'pkce', 'extraAuthorizeParams'];

export const checkAuthConflicts: Check = {
  name: 'auth-conflicts',
  run(ctx) {
    for (const file of ctx.files) {
      if (file.kind !== 'connector') continue;
      const auth = asRecord(file.data.auth);
      if (!auth || typeof auth.type !== 'string') continue;
      const allowed = SCHEME_KEYS[auth.type];
      if (!allowed) continue;
      for (const key of Object.keys(auth)) {
        if (key === 'type' || allowed.includes(key)) continue;
        const owners = Object.keys(SCHEME_KEYS).filter((s) => SCHEME_KEYS[s].includes(key));
        if (owners.length === 0) continue;
        ctx.report(file.source, ['auth', key], 'DEF_CONFLICT', `'${key}' does not apply to auth type '${auth.type}'; it belongs to ${owners.map((o) => `'${o}'`).join(' and ')}`, { at: 'key' });
      }
      if (auth.type !== 'oauth2') continue;
      const grant = auth.grant === 'client_credentials' ? 'client_credentials' : 'authorization_code';
      if (auth.tokenUrl === undefined) {
        ctx.report(file.source, ['auth', 'type'], 'DEF_CONFLICT', "auth type 'oauth2' needs 'tokenUrl'");
      }
      if (grant === 'authorization_code' && auth.authorizeUrl === undefined) {
        ctx.report(file.source, auth.grant === undefined ? ['auth', 'type'] : ['auth', 'grant'], 'DEF_CONFLICT', "oauth2 grant 'authorization_code' needs 'authorizeUrl'", {
          hint: auth.grant === undefined ? "authorization_code is the default grant; set 'grant: client_credentials' for server-to-server access" : undefined,
        });
      }
      if (grant === 'client_credentials') {
        for (const key of AUTHORIZE_ONLY.filter((k) => auth[k] !== undefined)) {
          ctx.report(file.source, ['auth', key], 'DEF_CONFLICT', `'${key}' applies only to oauth2 grant 'authorization_code'`, { at: 'key' });
        }
      }
    }
  },
};
