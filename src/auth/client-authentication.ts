// How the OAuth client (clientId/clientSecret connection fields) authenticates at the token and revocation
// endpoints: in the form body or with HTTP Basic (RFC 6749 section 2.3.1: both parts form-encoded first).
import type { OAuth2Def } from '../model/model.js';
import type { TokenHttpRequest } from './token-http.js';

export interface ClientCredentials {
  clientId: string;
  /** Absent for public clients that rely on PKCE alone. */
  clientSecret?: string;
}

export function withClientAuthentication(
  auth: OAuth2Def,
  client: ClientCredentials,
  form: Record<string, string>,
): Pick<TokenHttpRequest, 'form' | 'headers'> {
  if (auth.clientAuth === 'basic' && client.clientSecret !== undefined) {
    const user = formEncode(client.clientId);
    const pass = formEncode(client.clientSecret);
    const basic = Buffer.from(`${user}:${pass}`, 'utf8').toString('base64');
    return { form, headers: { authorization: `Basic ${basic}` } };
  }
  const withClient: Record<string, string> = { ...form, client_id: client.clientId };
  if (client.clientSecret !== undefined) withClient.client_secret = client.clientSecret;
  return { form: withClient };
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
