// Finding the connector and the stored connection a command names, with errors that list what exists.
import { RuntimeError } from '../../errors/runtime-error.js';
import type { Connection } from '../../model/connection.js';
import type { Connector } from '../../model/model.js';
import type { ConnectionRepository } from '../../store/store.js';
import type { CliRuntime } from '../open-cli-runtime.js';

export function connectorOrError(cli: CliRuntime, name: string): Connector {
  const connector = cli.model.connectors.get(name);
  if (connector) return connector;
  const known = [...cli.model.connectors.keys()];
  throw new RuntimeError('RUN_UNKNOWN_CONNECTOR', `no connector '${name}' (${known.length ? `known: ${known.join(', ')}` : 'the project has none'})`, { actor: 'user' });
}

export function connectionOrError(connections: ConnectionRepository, connector: string, name: string): Connection {
  const connection = connections.get(connector, name);
  if (connection) return connection;
  const known = connections.list(connector).map((c) => c.name);
  throw new RuntimeError(
    'CONNECTION_NOT_FOUND',
    `no connection '${name}' for connector ${connector} (${known.length ? `known: ${known.join(', ')}` : 'it has none yet'}): ` +
      `create it with \`runtime connections create ${connector} --name ${name}\``,
    { actor: 'user' },
  );
}
