// OAuth endpoints may be templates over the connection's non-secret fields (`https://{{connection.domain}}/...`).
// The loader checked each one; here each distinct template is compiled once and rendered per connection.
import type { Connection } from '../model/connection.js';
import type { Connector, Template } from '../model/model.js';
import { compileTemplate } from '../template/compile-template.js';
import { authError } from './auth-errors.js';

const compiled = new Map<string, Template>();
const MAX_CACHED = 1000;

export function endpointUrl(source: string, fields: Connection['fields'], secretFields: readonly string[] = []): string {
  if (!source.includes('{{')) return source;
  let template = compiled.get(source);
  if (!template) {
    const result = compileTemplate(source, { file: 'auth', line: 1, column: 1 });
    if (!result.ok) throw authError('AUTH_FIELD_INVALID', `an OAuth endpoint template does not compile: ${result.problem.message}`, { actor: 'author' });
    template = result.template;
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(source, template);
  }
  const visible = Object.fromEntries(Object.entries(fields).filter(([name]) => !secretFields.includes(name)));
  const url = template.render({ connection: visible });
  if (!/^https?:\/\/[^/]/i.test(url)) {
    throw authError('AUTH_FIELD_INVALID', 'an OAuth endpoint renders to a value that is not an http(s) URL: check the connection\'s fields', { actor: 'user' });
  }
  return url;
}

/** Connection fields of a connector that are secret: never rendered into a URL. */
export function secretFieldNames(connector: Connector): string[] {
  return Object.entries(connector.connectionFields).filter(([, f]) => f.type === 'secret').map(([name]) => name);
}
