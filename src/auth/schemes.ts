// The one list of auth schemes: adding a scheme means one module and one line here.
import type { AuthDef } from '../model/model.js';
import type { AuthScheme } from './auth-scheme.js';
import { basicAuth } from './basic.js';
import { customAuth } from './custom.js';
import { noAuth } from './none.js';
import { oauth2Auth } from './oauth2.js';

export const AUTH_SCHEMES: Readonly<Record<AuthDef['type'], AuthScheme>> = {
  none: noAuth,
  basic: basicAuth,
  custom: customAuth,
  oauth2: oauth2Auth,
};

export function authSchemeFor(auth: AuthDef): AuthScheme {
  return AUTH_SCHEMES[auth.type];
}
