import type { ActionStep } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import { evaluateExplained } from '../evaluate.js';
import { runActionCard } from '../run-card.js';
import { RuntimeError } from '../../errors/runtime-error.js';

/** `action` (user flows): an action card of any connector, through a named stored connection. */
export async function executeAction(step: ActionStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const connector = ctx.services.model.connectors.get(step.connector);
  const card = connector?.actions[step.card];
  if (!connector || !card) {
    // The loader checked this; reaching it means the model changed under a running execution.
    throw new RuntimeError('RUN_UNKNOWN_CARD', `no action card ${step.connector}.${step.card}`, { actor: 'bug', origin: step.origin });
  }
  const connection = ctx.services.connections.get(step.connector, step.connection);
  if (!connection) {
    throw new RuntimeError('CONNECTION_NOT_FOUND', `no connection '${step.connection}' for connector ${step.connector}: create it with \`runtime connections create ${step.connector} --name ${step.connection}\``, { actor: 'user', origin: step.origin });
  }
  const inputs: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(step.inputs)) {
    const value = await evaluateExplained(expr, scope, ctx, `input ${name}`);
    if (value !== undefined) inputs[name] = value;
  }
  const cardCtx: RunContext = {
    ...ctx,
    card: { connector, connection, label: `${connector.name}.${card.name}`, idempotent: card.idempotent },
  };
  return { output: await runActionCard(card, { inputs, options: step.options }, cardCtx, step.origin) };
}
