// Reads the connection fields an auth scheme depends on, with errors that tell the user which field to fill.
import type { Connection } from '../model/connection.js';
import { authError } from './auth-errors.js';

export function requiredField(fields: Readonly<Record<string, unknown>>, name: string, connectionName: string): string {
  const value = fields[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw authError('AUTH_FIELD_MISSING', `connection '${connectionName}' has no value for '${name}'`, { actor: 'user' });
}

export function optionalField(fields: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = fields[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function connectionLabel(connection: Connection): string {
  return `${connection.connector}/${connection.name}`;
}
