// Checks a stored connection with the connector's `authping` system flow, stores the outcome (status and the
// label it returns), and prints `✔ connected as <label>` or `✖ not working: <status> <message>`.
import { isRuntimeError, type RuntimeError } from '../../errors/runtime-error.js';
import type { Connection } from '../../model/connection.js';
import type { Connector } from '../../model/model.js';
import { connectionSecrets } from '../../engine/connector-requests.js';
import type { Runtime } from '../../runtime/open-runtime.js';
import { createRedactor } from '../../store/redact.js';
import { EXIT } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { adviceFor } from '../print-runtime-error.js';
import { clipped, printable } from '../terminal-text.js';

const MAX_LABEL_CHARS = 200;

export type PingResult =
  | { readonly outcome: 'working'; readonly label?: string }
  /** `secrets`: what to mask in the message, including tokens renewed during the ping. */
  | { readonly outcome: 'failing'; readonly error: RuntimeError; readonly secrets: readonly string[] }
  | { readonly outcome: 'untested' };

export async function pingConnection(runtime: Runtime, connector: Connector, connection: Connection): Promise<PingResult> {
  if (!connector.system.authping) return { outcome: 'untested' };
  try {
    const output = await runtime.engine.runSystemFlow(connector.name, 'authping', connection);
    const label = labelOf(output);
    runtime.store.connections.updateStatus(connection.id, 'working', label);
    return label === undefined ? { outcome: 'working' } : { outcome: 'working', label };
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    runtime.store.connections.updateStatus(connection.id, 'failing');
    const latest = runtime.store.connections.getById(connection.id) ?? connection;
    return { outcome: 'failing', error: e, secrets: [...connectionSecrets(connection), ...connectionSecrets(latest)] };
  }
}

/** Prints the result; the exit code is 1 when the connection does not work. */
export function reportPing(io: CliIo, result: PingResult, connection: Connection): number {
  switch (result.outcome) {
    case 'working':
      io.stdout(result.label === undefined ? '✔ connected\n' : `✔ connected as ${printable(result.label)}\n`);
      return EXIT.ok;
    case 'untested':
      io.stdout(`✔ saved; connector ${connection.connector} has no authping flow, so the connection was not tested\n`);
      return EXIT.ok;
    case 'failing': {
      const redactor = createRedactor(result.secrets);
      const { error } = result;
      const status = error.status !== undefined ? String(error.status) : error.code;
      // For authping a refused request means refused credentials, whatever the status would say elsewhere.
      const actor = error.status === 401 || error.status === 403 ? 'user' : error.actor;
      io.stdout(`✖ not working: ${clipped(redactor.redactText(`${status} ${error.message}`), 1000)}\n  → ${adviceFor(actor, error.code)}\n`);
      return EXIT.problems;
    }
  }
}

function labelOf(output: unknown): string | undefined {
  const label = typeof output === 'object' && output !== null ? (output as { label?: unknown }).label : undefined;
  if (label === undefined || label === null) return undefined;
  const text = typeof label === 'string' ? label : JSON.stringify(label);
  return text.slice(0, MAX_LABEL_CHARS);
}
