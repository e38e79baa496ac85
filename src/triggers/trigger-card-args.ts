// The connection and typed options an event trigger runs its connector flows with (polling monitor, webhook
// register and deregister): the named stored connection, and the card's options with defaults applied.
import type { Connector, EventCard, Origin } from '../model/model.js';
import type { Connection } from '../model/connection.js';
import type { ConnectionLookup } from '../engine/run-context.js';
import { coerceFields } from '../engine/coerce-fields.js';
import { RuntimeError } from '../errors/runtime-error.js';

export interface EventTriggerRef {
  readonly connector: Connector;
  readonly card: EventCard;
  readonly connection: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly origin: Origin;
}

export interface CardArgs {
  readonly connection?: Connection;
  readonly options: Record<string, unknown>;
}

export function cardArgsFor(ref: EventTriggerRef, connections: ConnectionLookup): CardArgs {
  const connection = connections.get(ref.connector.name, ref.connection);
  // A connector without auth may run without a stored connection; any other needs the one the flow names.
  if (!connection && ref.connector.auth.type !== 'none') {
    throw new RuntimeError('CONNECTION_NOT_FOUND', `no connection '${ref.connection}' for connector ${ref.connector.name}: create it with \`runtime connections create ${ref.connector.name} --name ${ref.connection}\``, { actor: 'user', origin: ref.origin });
  }
  const label = `${ref.connector.name}.${ref.card.name}`;
  const options = coerceFields(ref.card.options, ref.options, { card: label, direction: 'option', origin: ref.origin, allowUnknown: false });
  return { ...(connection && { connection }), options };
}
