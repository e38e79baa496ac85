// Compiled connectors for the auth tests, built the way src/compile/ builds them: templates and expressions
// compiled by the real compilers, the whole model frozen.
import type { AuthDef, Connector, Expression, OAuth2Def, Origin, Template } from '../../src/model/model.js';
import { compileTemplate } from '../../src/template/compile-template.js';
import { compileExpression } from '../../src/expr/compile-expression.js';

export const ORIGIN: Origin = { file: 'connectors/test.yaml', line: 1, column: 1 };

export function template(source: string): Template {
  const result = compileTemplate(source, ORIGIN);
  if (!result.ok) throw new Error(`test template does not compile: ${source}`);
  return result.template;
}

export function expression(source: string): Expression {
  const result = compileExpression(source, ORIGIN);
  if (!result.ok) throw new Error(`test expression does not compile: ${source}`);
  return result.expression;
}

export function connectorWithAuth(auth: AuthDef, name = 'acme'): Connector {
  return Object.freeze({
    kind: 'connector',
    name,
    title: 'Acme',
    version: '1.0.0',
    baseUrl: template('http://127.0.0.1/'),
    hosts: [],
    headers: {},
    allowPrivateNetwork: true,
    timeoutMs: 30_000,
    connectionFields: {},
    auth,
    actions: {},
    events: {},
    system: {},
    helpers: {},
    file: 'connectors/test.yaml',
    origin: ORIGIN,
  });
}

export function oauth2(def: Partial<OAuth2Def> & Pick<OAuth2Def, 'tokenUrl'>): OAuth2Def {
  return Object.freeze({
    type: 'oauth2',
    grant: 'authorization_code',
    scopes: [],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'body',
    refresh: true,
    expiry: { statuses: [401] },
    extraAuthorizeParams: {},
    ...def,
  });
}
