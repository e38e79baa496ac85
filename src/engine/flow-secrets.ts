// Every secret value a user flow's execution could touch: the secrets and tokens of the connections its trigger
// and its `action` steps (at any depth) name. Execution records and terminal output mask these values.
import type { Connection } from '../model/connection.js';
import type { Step, UserFlow } from '../model/model.js';
import { connectionSecrets } from './connector-requests.js';
import type { ConnectionLookup } from './run-context.js';

export function secretsOfFlow(flow: UserFlow, connections: ConnectionLookup): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const named = [...actionConnections(flow.steps)];
  if (flow.trigger.type === 'event') named.unshift({ connector: flow.trigger.connector, connection: flow.trigger.connection });
  for (const { connector, connection } of named) {
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
    if (found) for (const s of connectionSecrets(found)) out.add(s);
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
