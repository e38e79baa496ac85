// Runs one card or helper: type the inputs, run the steps in a fresh scope, type the outputs.
import type { ActionCard, Fields, FlowBody, HelperFlow, Origin } from '../model/model.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { RunContext } from './run-context.js';
import { currentConnector } from './run-context.js';
import { newFlowScope } from './flow-scope.js';
import { runSteps } from './run-steps.js';
import { coerceFields } from './coerce-fields.js';
import { resolveDynamicFields } from './dynamic-fields.js';

export interface CardCall {
  readonly inputs: Record<string, unknown>;
  readonly options: Record<string, unknown>;
}

export async function runActionCard(card: ActionCard, call: CardCall, ctx: RunContext, caller?: Origin): Promise<unknown> {
  const inner = enter(ctx, caller, { label: `${currentConnector(ctx).name}.${card.name}`, idempotent: card.idempotent });
  const label = inner.card.label;
  const options = coerceFields(card.options, call.options, { card: label, direction: 'option', origin: card.origin, allowUnknown: false });
  const dynamic = card.dynamicFields ? await resolveDynamicFields(card, options, inner) : undefined;
  const inputFields = merge(card.inputs, dynamic?.inputs);
  const outputFields = merge(card.outputs, dynamic?.outputs);
  const inputs = coerceFields(inputFields, call.inputs, { card: label, direction: 'input', origin: caller ?? card.origin, allowUnknown: false });
  const output = await runBody(card, { inputs, options }, inner);
  return coerceFields(outputFields, output, { card: label, direction: 'output', origin: card.origin, allowUnknown: true });
}

export async function runHelperFlow(helper: HelperFlow, inputs: Record<string, unknown>, options: Record<string, unknown>, ctx: RunContext, caller?: Origin): Promise<unknown> {
  const inner = enter(ctx, caller, { label: `${currentConnector(ctx).name}.${helper.name}`, idempotent: ctx.card.idempotent });
  const label = inner.card.label;
  const typed = coerceFields(helper.inputs, inputs, { card: label, direction: 'input', origin: caller ?? helper.origin, allowUnknown: false });
  const output = await runBody(helper, { inputs: typed, options }, inner);
  if (Object.keys(helper.outputs).length === 0) return output;
  return coerceFields(helper.outputs, output, { card: label, direction: 'output', origin: helper.origin, allowUnknown: true });
}

/**
 * Runs a flow body (card, helper, system flow, webhook register, polling monitor) in a fresh scope and returns
 * its `return` value, or undefined when it returned nothing.
 */
export async function runBody(
  body: FlowBody,
  data: { inputs?: Record<string, unknown>; options?: Record<string, unknown>; extra?: Record<string, unknown>; connectionExtra?: Record<string, unknown> },
  ctx: RunContext,
): Promise<unknown> {
  const scope = newFlowScope({ ...data, connection: { ...publicFields(ctx), ...data.connectionExtra } });
  const result = await runSteps(body.steps, scope, ctx);
  return result.returned ? result.value : undefined;
}

/** The connection's non-secret fields: what `connection.x` means in steps. */
export function publicFields(ctx: RunContext): Record<string, unknown> {
  const connection = ctx.card.connection;
  if (!connection) return {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(connection.fields)) {
    if (!connection.secretFields.includes(name)) out[name] = value;
  }
  return out;
}

function enter(ctx: RunContext, caller: Origin | undefined, card: { label: string; idempotent: boolean }): RunContext {
  if (ctx.depth + 1 > ctx.services.limits.maxCallDepth) {
    throw new RuntimeError('RUN_CALL_DEPTH', `calls nest deeper than ${ctx.services.limits.maxCallDepth} levels (a helper calling itself?)`, { actor: 'author', origin: caller });
  }
  return { ...ctx, depth: ctx.depth + 1, card: { ...ctx.card, ...card } };
}

function merge(declared: Fields, dynamic: Fields | undefined): Fields {
  return dynamic ? { ...declared, ...dynamic } : declared;
}
