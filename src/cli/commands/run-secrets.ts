// Every secret value a run could touch, so the execution record and the terminal output can mask them: the
// connection of an action, or for a user flow the connections named by its `action` steps (at any depth).
import type { Connection } from '../../model/connection.js';
import type { Step, UserFlow } from '../../model/model.js';
import { connectionSecrets } from '../../engine/connector-requests.js';
import type { ConnectionRepository } from '../../store/store.js';

export function secretsOfConnection(connection: Connection | undefined): string[] {
  return connection ? connectionSecrets(connection) : [];
}

export function secretsOfFlow(flow: UserFlow, connections: ConnectionRepository): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  for (const { connector, connection } of actionConnections(flow.steps)) {
    const key = `${connector}\u0000${connection}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let found: Connection | undefined;
    try {
      found = connections.get(connector, connection);
    } catch {
      // An undecryptable connection cannot leak its secrets; the run itself reports the problem.
      continue;
    }
    for (const s of secretsOfConnection(found)) out.add(s);
  }
  return [...out];
}

function* actionConnections(steps: readonly Step[]): Generator<{ connector: string; connection: string }> {
  for (const step of steps) {
    switch (step.kind) {
      case 'action':
        yield { connector: step.connector, connection: step.connection };
        break;
      case 'forEach':
        yield* actionConnections(step.steps);
        break;
      case 'if':
        yield* actionConnections(step.then);
        yield* actionConnections(step.else);
        break;
      case 'try':
        yield* actionConnections(step.steps);
        yield* actionConnections(step.catch);
        break;
      default:
        break;
    }
  }
}
