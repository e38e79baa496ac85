// Manual and API triggers: the inputs are typed against the flow's declared manual inputs, then stored as an
// event, so a manual run is executed, retried and recorded exactly like an event-triggered one.
import type { ProjectModel } from '../model/model.js';
import type { EventQueue } from '../store/event-store.js';
import { RuntimeError } from '../errors/runtime-error.js';
import { coerceFields } from '../engine/coerce-fields.js';

export function enqueueManualRun(model: ProjectModel, events: Pick<EventQueue, 'append'>, flowName: string, inputs: unknown): string {
  const flow = model.flows.get(flowName);
  if (!flow) throw new RuntimeError('RUN_UNKNOWN_FLOW', `no flow '${flowName}'`, { actor: 'user', status: 404 });
  if (flow.trigger.type !== 'manual') {
    throw new RuntimeError('RUN_NOT_MANUAL', `flow '${flowName}' is triggered by ${flow.trigger.type === 'event' ? 'an event' : 'a schedule'}, not manually`, { actor: 'user', status: 409 });
  }
  if (!flow.enabled) throw new RuntimeError('RUN_FLOW_DISABLED', `flow '${flowName}' is disabled (enabled: false in ${flow.file})`, { actor: 'user', status: 409 });
  let typed: Record<string, unknown>;
  try {
    typed = coerceFields(flow.trigger.inputs, inputs ?? {}, { card: flow.name, direction: 'input', origin: flow.origin, allowUnknown: false });
  } catch (error) {
    if (error instanceof RuntimeError) throw new RuntimeError(error.code, error.message, { actor: 'user', status: 400 });
    throw error;
  }
  const { inserted } = events.append([{ flow: flow.name, source: 'manual', payload: typed }]);
  return inserted[0];
}
