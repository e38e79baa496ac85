// Evaluation with `--explain`: every JSONata result and rendered template can be reported, secrets masked.
import type { Expression, Template } from '../model/model.js';
import type { RunContext } from './run-context.js';
import type { FlowScope } from './flow-scope.js';
import { redact } from '../store/redact.js';
import { connectionSecrets } from './connector-requests.js';

export async function evaluateExplained(expr: Expression, scope: FlowScope, ctx: RunContext, what: string): Promise<unknown> {
  const value = await expr.evaluate(scope);
  if (ctx.explain) explain(ctx, expr.origin, what, value);
  return value;
}

export function renderExplained(template: Template, scope: FlowScope, ctx: RunContext, what: string): string {
  const value = template.isLiteral ? template.source : template.render(scope);
  if (ctx.explain && !template.isLiteral) explain(ctx, template.origin, what, value);
  return value;
}

export function renderValueExplained(template: Template, scope: FlowScope, ctx: RunContext, what: string): unknown {
  const value = template.isLiteral ? template.source : template.renderValue(scope);
  if (ctx.explain && !template.isLiteral) explain(ctx, template.origin, what, value);
  return value;
}

export function explain(ctx: RunContext, origin: Expression['origin'], what: string, value: unknown): void {
  ctx.explain?.({ origin, step: ctx.card.label, what, value: redact(value, secretValues(ctx)) });
}

/** Every secret the current card could leak: connection secrets and tokens. */
export function secretValues(ctx: RunContext): string[] {
  return ctx.card.connection ? connectionSecrets(ctx.card.connection) : [];
}
