// Every secret value a run could touch, so the execution record and the terminal output can mask them: the
// connection of an action, or for a user flow the connections it names (src/engine/flow-secrets.ts).
import type { Connection } from '../../model/connection.js';
import { connectionSecrets } from '../../engine/connector-requests.js';

export { secretsOfFlow } from '../../engine/flow-secrets.js';

export function secretsOfConnection(connection: Connection | undefined): string[] {
  return connection ? connectionSecrets(connection) : [];
}
