// HTTP Basic (RFC 7617) from the implied connection fields `username` and `password`, UTF-8 encoded.
import type { AuthScheme } from './auth-scheme.js';
import { withHeaders } from './add-credentials.js';
import { authError } from './auth-errors.js';
import { connectionLabel, optionalField, requiredField } from './connection-fields.js';

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export const basicAuth: AuthScheme = {
  async apply(request, ctx) {
    const { fields } = ctx.connection;
    const label = connectionLabel(ctx.connection);
    const username = requiredField(fields, 'username', label);
    // A colon would move the user/password boundary (RFC 7617 section 2).
    if (username.includes(':')) {
      throw authError('AUTH_FIELD_INVALID', `the username of connection '${label}' contains ':', which Basic auth cannot carry`, { actor: 'user' });
    }
    const password = optionalField(fields, 'password') ?? '';
    return withHeaders(request, { Authorization: basicAuthorization(username, password) });
  },
};
