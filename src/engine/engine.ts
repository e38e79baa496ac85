// The interpreter's front door: run an action card, a system flow, a connector flow body (webhook register,
// polling monitor) or a user flow. Everything else in src/engine/ is reached from here.
import type { Connector, FlowBody, UserFlow } from '../model/model.js';
import type { Connection } from '../model/connection.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { EngineServices, ExplainEntry, RunContext, StepRecorder } from './run-context.js';
import { runActionCard, runBody } from './run-card.js';
import { newFlowScope } from './flow-scope.js';
import { runSteps } from './run-steps.js';
import { coerceFields } from './coerce-fields.js';
import { resolveDynamicFields, type DynamicFieldSet } from './dynamic-fields.js';

export interface RunHooks {
  readonly recorder?: StepRecorder;
  readonly explain?: (entry: ExplainEntry) => void;
  readonly signal?: AbortSignal;
}

export interface Engine {
  readonly services: EngineServices;
  runAction(connector: string, card: string, args: { connection?: Connection; inputs?: Record<string, unknown>; options?: Record<string, unknown> }, hooks?: RunHooks): Promise<unknown>;
  /** authping or revoke; undefined when the connector does not define it. */
  runSystemFlow(connector: string, name: 'authping' | 'revoke', connection: Connection, hooks?: RunHooks): Promise<unknown>;
  /** A connector flow body with extra scope (webhook register/deregister, polling monitor). */
  runConnectorBody(connector: Connector, body: FlowBody, args: { connection?: Connection; options?: Record<string, unknown>; extra?: Record<string, unknown> }, hooks?: RunHooks): Promise<unknown>;
  runUserFlow(flow: UserFlow, trigger: unknown, hooks?: RunHooks): Promise<unknown>;
  /** A card's dynamic fields for a connection and options (`runtime fields`); cached per the card's ttl. */
  dynamicFields(connector: string, card: string, connection: Connection | undefined, options?: Record<string, unknown>, hooks?: RunHooks): Promise<DynamicFieldSet>;
}

export function createEngine(services: EngineServices): Engine {
  const context = (card: RunContext['card'], hooks: RunHooks = {}): RunContext => ({
    services, card, depth: 0, recorder: hooks.recorder, explain: hooks.explain, signal: hooks.signal,
  });
  const connectorNamed = (name: string): Connector => {
    const connector = services.model.connectors.get(name);
    if (!connector) {
      const known = [...services.model.connectors.keys()].join(', ') || 'none';
      throw new RuntimeError('RUN_UNKNOWN_CONNECTOR', `no connector '${name}' (known: ${known})`, { actor: 'user' });
    }
    return connector;
  };

  return {
    services,
    async runAction(connectorName, cardName, args, hooks) {
      const connector = connectorNamed(connectorName);
      const card = Object.hasOwn(connector.actions, cardName) ? connector.actions[cardName] : undefined;
      if (!card) {
        const known = Object.keys(connector.actions).join(', ') || 'none';
        throw new RuntimeError('RUN_UNKNOWN_CARD', `connector ${connectorName} has no action '${cardName}' (actions: ${known})`, { actor: 'user' });
      }
      requireConnection(connector, args.connection);
      const ctx = context({ connector, connection: args.connection, label: `${connector.name}.${card.name}`, idempotent: card.idempotent }, hooks);
      // depth -1 so that the card itself is depth 0, like a call from a user flow
      return runActionCard(card, { inputs: args.inputs ?? {}, options: args.options ?? {} }, { ...ctx, depth: -1 });
    },
    async runSystemFlow(connectorName, name, connection, hooks) {
      const connector = connectorNamed(connectorName);
      const body = connector.system[name];
      if (!body) return undefined;
      const ctx = context({ connector, connection, label: `${connector.name}.${name}`, idempotent: true }, hooks);
      // A revoke flow's job is to send the tokens to the service: only it sees them, as connection.accessToken/refreshToken.
      const tokens = name === 'revoke' && connection.tokens ? { accessToken: connection.tokens.accessToken, refreshToken: connection.tokens.refreshToken } : undefined;
      return runBody(body, { connectionExtra: tokens }, ctx);
    },
    async runConnectorBody(connector, body, args, hooks) {
      requireConnection(connector, args.connection);
      const ctx = context({ connector, connection: args.connection, label: `${connector.name}`, idempotent: false }, hooks);
      return runBody(body, { options: args.options, extra: args.extra }, ctx);
    },
    async runUserFlow(flow, trigger, hooks) {
      let data = trigger;
      if (flow.trigger.type === 'manual') {
        data = coerceFields(flow.trigger.inputs, trigger, { card: flow.name, direction: 'input', origin: flow.origin, allowUnknown: false });
      }
      const ctx = context({ label: flow.name, idempotent: false }, hooks);
      const scope = newFlowScope({ extra: { trigger: data } });
      const result = await runSteps(flow.steps, scope, ctx);
      return result.returned ? result.value : scope.steps;
    },
    async dynamicFields(connectorName, cardName, connection, options = {}, hooks) {
      const connector = connectorNamed(connectorName);
      const card = Object.hasOwn(connector.actions, cardName) ? connector.actions[cardName]
        : Object.hasOwn(connector.events, cardName) ? connector.events[cardName] : undefined;
      if (!card) {
        const known = [...Object.keys(connector.actions), ...Object.keys(connector.events)].join(', ') || 'none';
        throw new RuntimeError('RUN_UNKNOWN_CARD', `connector ${connectorName} has no card '${cardName}' (cards: ${known})`, { actor: 'user' });
      }
      requireConnection(connector, connection);
      const label = `${connector.name}.${card.name}`;
      const typed = coerceFields(card.options, options, { card: label, direction: 'option', origin: card.origin, allowUnknown: false });
      return resolveDynamicFields(card, typed, context({ connector, connection, label, idempotent: true }, hooks));
    },
  };
}

function requireConnection(connector: Connector, connection: Connection | undefined): void {
  if (connector.auth.type !== 'none' && !connection) {
    throw new RuntimeError('CONNECTION_REQUIRED', `connector ${connector.name} needs a connection: pass --connection <name>`, { actor: 'user' });
  }
  if (connection && connection.connector !== connector.name) {
    throw new RuntimeError('CONNECTION_MISMATCH', `connection '${connection.name}' belongs to connector ${connection.connector}, not ${connector.name}`, { actor: 'user' });
  }
}
