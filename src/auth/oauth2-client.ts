// The OAuth 2.0 pieces every grant needs: the connector's oauth2 definition and the client's identity
// (clientId/clientSecret connection fields).
import type { Connector, OAuth2Def } from '../model/model.js';
import { authError } from './auth-errors.js';
import type { ClientCredentials } from './client-authentication.js';
import { optionalField, requiredField } from './connection-fields.js';

export function oauth2Def(connector: Connector, grant?: OAuth2Def['grant']): OAuth2Def {
  const auth = connector.auth;
  if (auth.type !== 'oauth2' || (grant !== undefined && auth.grant !== grant)) {
    const wanted = grant ? `OAuth 2.0 ${grant}` : 'OAuth 2.0';
    throw authError('AUTH_UNSUPPORTED', `connector '${connector.name}' does not use ${wanted} auth`, { actor: 'author', origin: connector.origin });
  }
  return auth;
}

export function oauthClient(fields: Readonly<Record<string, unknown>>, label: string): ClientCredentials {
  const clientId = requiredField(fields, 'clientId', label);
  const secret = optionalField(fields, 'clientSecret');
  return secret === undefined || secret === '' ? { clientId } : { clientId, clientSecret: secret };
}
