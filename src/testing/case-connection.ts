// The connection a case runs with. Offline: built in memory from the fixture, every secret field and OAuth token
// being its placeholder `<SECRET:name>`, so no stored connection is needed. Recording: the stored connection (real
// secrets and tokens), with fixture fields filling in only what it lacks.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../model/connection.js';
import type { Connector } from '../model/model.js';
import { secretPlaceholder, type NamedSecret } from './secret-scrubber.js';
import type { TestCase } from './test-case.js';

export function fixtureConnection(connector: Connector, testCase: TestCase): Connection {
  const secretFields = secretFieldsOf(connector);
  const fields: Record<string, unknown> = { ...testCase.connection };
  for (const name of secretFields) fields[name] = secretPlaceholder(name);
  return {
    // Unique per case: caches keyed by connection (dynamic fields) never carry over from one case to the next.
    id: `test-${randomUUID()}`,
    connector: connector.name,
    name: 'test',
    fields,
    secretFields,
    // No refresh token and no expiry: a replay never tries to renew them.
    ...(connector.auth.type === 'oauth2' && { tokens: { accessToken: secretPlaceholder('accessToken'), tokenType: 'Bearer' } }),
    tokenVersion: 0,
    status: 'working',
    createdAt: 0,
  };
}

export function recordingConnection(stored: Connection, testCase: TestCase): Connection {
  return { ...stored, fields: { ...testCase.connection, ...stored.fields } };
}

/** Every secret value a connection holds, by the name its placeholder gets. */
export function connectionSecrets(connection: Connection): NamedSecret[] {
  const out: NamedSecret[] = [];
  for (const name of connection.secretFields) {
    const value = connection.fields[name];
    if (typeof value === 'string' && value !== '') out.push({ name, value });
  }
  if (connection.tokens?.accessToken) out.push({ name: 'accessToken', value: connection.tokens.accessToken });
  if (connection.tokens?.refreshToken) out.push({ name: 'refreshToken', value: connection.tokens.refreshToken });
  return out;
}

function secretFieldsOf(connector: Connector): string[] {
  return Object.entries(connector.connectionFields)
    .filter(([, field]) => field.type === 'secret')
    .map(([name]) => name);
}
