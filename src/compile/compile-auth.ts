// The connector's auth scheme. Absent means `none`. OAuth 2.0 defaults: grant authorization_code, no scopes,
// scopes joined by a space, no PKCE, client credentials in the body, refresh on, a 401 means expired.
import type { AuthDef, OAuth2Def } from '../model/model.js';
import type { CompileContext } from './compile-context.js';
import { asArray, asRecord, asString, entriesOf } from './plain-data.js';

export function compileAuth(ctx: CompileContext): AuthDef {
  const raw = asRecord(ctx.get(['auth']));
  switch (raw?.type) {
    case 'basic':
      return { type: 'basic' };
    case 'custom':
      return { type: 'custom', headers: ctx.templateMap(['auth', 'headers']), query: ctx.templateMap(['auth', 'query']) };
    case 'oauth2':
      return compileOAuth2(ctx, raw);
    default:
      return { type: 'none' };
  }
}

function compileOAuth2(ctx: CompileContext, raw: Record<string, unknown>): OAuth2Def {
  const expiry = asRecord(raw.expiry) ?? {};
  const statuses = asArray(expiry.statuses).filter((s): s is number => typeof s === 'number');
  // `expiry.when` reads one token-endpoint or API response ({status, headers, body}), not a flow scope.
  const when = ctx.optionalExpression(['auth', 'expiry', 'when'], 'data');
  const extra: Record<string, string> = {};
  for (const [k, v] of entriesOf(raw.extraAuthorizeParams)) extra[k] = String(v);
  const authorizeUrl = asString(raw.authorizeUrl);
  const revokeUrl = asString(raw.revokeUrl);
  // Endpoints are templates over connection fields (e.g. an Okta org's domain): compiled here so their syntax and
  // field references are checked at load; the auth layer renders them per connection (src/auth/endpoint-url.ts).
  for (const key of ['authorizeUrl', 'tokenUrl', 'revokeUrl']) ctx.optionalTemplate(['auth', key]);
  return {
    type: 'oauth2',
    grant: raw.grant === 'client_credentials' ? 'client_credentials' : 'authorization_code',
    tokenUrl: asString(raw.tokenUrl) ?? '',
    scopes: asArray(raw.scopes).map(String),
    scopeSeparator: asString(raw.scopeSeparator) ?? ' ',
    pkce: raw.pkce === true,
    clientAuth: raw.clientAuth === 'basic' ? 'basic' : 'body',
    refresh: raw.refresh !== false,
    expiry: when ? { statuses: statuses.length > 0 ? statuses : [401], when } : { statuses: statuses.length > 0 ? statuses : [401] },
    extraAuthorizeParams: extra,
    ...(authorizeUrl !== undefined && { authorizeUrl }),
    ...(revokeUrl !== undefined && { revokeUrl }),
  };
}
