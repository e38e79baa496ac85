// The data a step sees (documented in docs/format.md, "Expressions and templates"). One FlowScope per flow
// invocation; `steps` and `vars` are filled in place as steps run.
import type { Scope } from '../model/model.js';

export interface FlowScope extends Record<string, unknown> {
  inputs: Record<string, unknown>;
  options: Record<string, unknown>;
  /** Non-secret connection fields only; secrets reach nothing but auth templates. */
  connection: Record<string, unknown>;
  steps: Record<string, unknown>;
  vars: Record<string, unknown>;
}

export function newFlowScope(base: {
  inputs?: Record<string, unknown>;
  options?: Record<string, unknown>;
  connection?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}): FlowScope {
  return {
    ...base.extra,
    inputs: base.inputs ?? {},
    options: base.options ?? {},
    connection: base.connection ?? {},
    steps: {},
    vars: {},
  };
}

/** A child scope for one forEach iteration or a catch block: same data, its own step outputs and variables. */
export function childScope(parent: FlowScope, extra: Record<string, unknown>): FlowScope {
  return { ...parent, ...extra, steps: { ...parent.steps }, vars: { ...parent.vars } };
}

export function asScope(scope: FlowScope): Scope {
  return scope;
}
