// Runs what a case names (an action, a system flow, a polling monitor, a webhook delivery, register or
// deregister) through the engine and collects what it gave. Errors are part of the outcome, never thrown.
import { coerceFields } from '../engine/coerce-fields.js';
import type { Engine } from '../engine/engine.js';
import { isRuntimeError } from '../errors/runtime-error.js';
import type { Connection } from '../model/connection.js';
import type { Connector, ProjectModel } from '../model/model.js';
import { DEFAULT_MAX_RECORDS_PER_POLL } from '../triggers/polling-run.js';
import { readPollResult } from '../triggers/polling-result.js';
import type { CaseError, CaseOutcome } from './check-expectations.js';
import { runWebhookDelivery } from './run-webhook-delivery.js';
import { withFileHandles } from './file-inputs.js';
import type { TestCase } from './test-case.js';

export async function runCaseTarget(engine: Engine, model: ProjectModel, connector: Connector, testCase: TestCase, connection: Connection): Promise<CaseOutcome> {
  const { target } = testCase;
  try {
    switch (target.kind) {
      case 'action':
      {
        const inputs = await withFileHandles(testCase.inputs, testCase.fileInputs, engine.services.files);
        return { outputs: await engine.runAction(connector.name, target.card, { connection, inputs, options: { ...testCase.options } }) };
      }
      case 'system':
        return { outputs: await engine.runSystemFlow(connector.name, target.flow, connection) };
      case 'polling': {
        const card = connector.events[target.event]!;
        const polling = card.polling!;
        const options = eventOptions(connector, target.event, testCase);
        const value = await engine.runConnectorBody(connector, polling, { connection, options, extra: { cursor: testCase.cursor } });
        const batch = await readPollResult(value, testCase.cursor, {
          dedupeKey: polling.dedupeKey,
          origin: polling.origin,
          label: `${connector.name}.${target.event}`,
          maxRecords: DEFAULT_MAX_RECORDS_PER_POLL,
        });
        return { outputs: value, records: batch.records.map((r) => r.payload), cursor: batch.cursor };
      }
      case 'webhook': {
        const webhook = connector.events[target.event]!.webhook!;
        if (target.phase === 'deliver') {
          const delivered = await runWebhookDelivery(model, connector, target.event, testCase, connection);
          return { records: delivered.records, response: delivered.response, ...(delivered.error && { error: delivered.error }) };
        }
        const options = eventOptions(connector, target.event, testCase);
        // register and find see what the runtime offers a new hook; deregister sees what register returned.
        const extra = target.phase === 'deregister'
          ? { webhook: { url: testCase.webhookUrl, registration: testCase.registration } }
          : { webhook: { url: testCase.webhookUrl, secret: testCase.webhookSecret } };
        const body = target.phase === 'register' ? webhook.register : target.phase === 'find' ? webhook.find! : webhook.deregister!;
        return { outputs: await engine.runConnectorBody(connector, body, { connection, options, extra }) };
      }
    }
  } catch (e) {
    return { error: caseErrorOf(e) };
  }
}

/** The event card's options with defaults applied, as a trigger would pass them. */
function eventOptions(connector: Connector, event: string, testCase: TestCase): Record<string, unknown> {
  const card = connector.events[event]!;
  return coerceFields(card.options, { ...testCase.options }, { card: `${connector.name}.${event}`, direction: 'option', origin: testCase.origin, allowUnknown: false });
}

export function caseErrorOf(e: unknown): CaseError {
  if (isRuntimeError(e)) return { code: e.code, message: e.message, ...(e.status !== undefined && { status: e.status }), ...(e.body !== undefined && { body: e.body }) };
  return { code: 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e) };
}
