// `auth: {type: custom}`: the connector's header and query templates, rendered with every connection field,
// secrets included (auth templates are the one place secrets are visible).
import type { AuthScheme } from './auth-scheme.js';
import { withHeaders, withQuery } from './add-credentials.js';
import { authError } from './auth-errors.js';
import { connectionLabel } from './connection-fields.js';

/** CR/LF would split the header (response splitting / header injection); NUL is refused by Node anyway. */
const FORBIDDEN_IN_HEADER = /[\r\n\0]/;

export const customAuth: AuthScheme = {
  async apply(request, ctx) {
    const auth = ctx.connector.auth;
    if (auth.type !== 'custom') return request;
    const scope = { connection: { ...ctx.connection.fields } };
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(auth.headers)) {
      const value = template.render(scope);
      if (FORBIDDEN_IN_HEADER.test(value)) {
        throw authError(
          'AUTH_HEADER_INVALID',
          `auth header '${name}' for connection '${connectionLabel(ctx.connection)}' contains a line break or NUL and was refused`,
          // A literal template is the author's text; otherwise the value came from a connection field.
          { actor: template.isLiteral ? 'author' : 'user', origin: template.origin },
        );
      }
      headers[name] = value;
    }
    const query: Record<string, string> = {};
    for (const [name, template] of Object.entries(auth.query)) query[name] = template.render(scope);
    return withQuery(withHeaders(request, headers), query);
  },
};
