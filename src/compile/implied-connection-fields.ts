// Connection fields an auth scheme implies: basic needs a username and password, OAuth 2.0 a client id and
// secret. Read from the raw `auth` map so the reference checks and the compiler agree on them.
import { asRecord } from './plain-data.js';

export interface ImpliedField {
  readonly name: string;
  readonly title: string;
  readonly type: 'text' | 'secret';
  readonly required: boolean;
}

export function impliedConnectionFields(auth: unknown): ImpliedField[] {
  const a = asRecord(auth);
  switch (a?.type) {
    case 'basic':
      return [
        { name: 'username', title: 'Username', type: 'text', required: true },
        { name: 'password', title: 'Password', type: 'secret', required: true },
      ];
    case 'oauth2':
      return [
        { name: 'clientId', title: 'Client ID', type: 'text', required: true },
        { name: 'clientSecret', title: 'Client secret', type: 'secret', required: a.grant === 'client_credentials' },
      ];
    default:
      return [];
  }
}

/**
 * Values an OAuth 2.0 connection holds besides its fields: the tokens. They are secret; the format's own
 * example reads `connection.accessToken` in the `revoke` system flow.
 */
export function impliedConnectionSecrets(auth: unknown): string[] {
  return asRecord(auth)?.type === 'oauth2' ? ['accessToken', 'refreshToken'] : [];
}
