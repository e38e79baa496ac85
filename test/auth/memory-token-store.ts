// The TokenStore contract (compare-and-set on the token version) in memory, for the auth tests; the real one
// is src/store/connections.ts. Counts successful saves so tests can assert how often tokens changed.
import type { Connection, OAuthTokens } from '../../src/model/connection.js';
import type { TokenStore } from '../../src/auth/auth-scheme.js';

export class MemoryTokenStore implements TokenStore {
  private readonly connections = new Map<string, Connection>();
  saves = 0;

  put(connection: Connection): Connection {
    this.connections.set(connection.id, connection);
    return connection;
  }

  load(connectionId: string): Connection | undefined {
    return this.connections.get(connectionId);
  }

  saveTokens(connectionId: string, tokens: OAuthTokens, expectedVersion: number): boolean {
    const current = this.connections.get(connectionId);
    if (!current || current.tokenVersion !== expectedVersion) return false;
    this.connections.set(connectionId, { ...current, tokens, tokenVersion: expectedVersion + 1 });
    this.saves++;
    return true;
  }
}

let counter = 0;

export function newConnection(connector: string, fields: Record<string, unknown>, tokens?: OAuthTokens): Connection {
  counter++;
  return {
    id: `conn-${counter}-${Date.now()}`,
    connector,
    name: `test-${counter}`,
    fields,
    secretFields: ['password', 'clientSecret', 'apiToken'],
    ...(tokens ? { tokens } : {}),
    tokenVersion: tokens ? 1 : 0,
    status: 'unknown',
    createdAt: Date.now(),
  };
}
