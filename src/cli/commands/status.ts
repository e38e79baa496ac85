// `runtime status`: every flow with its trigger, registration state, next poll or run, and last executions.
// Stored state comes from the store; what only a running service knows comes from its status file.
import type { UserFlow } from '../../model/model.js';
import { EXIT, type CliCommand } from '../cli-command.js';
import { loadProjectOrReport, type GlobalFlags } from '../open-cli-runtime.js';
import { addRuntimeOptions, resolveRuntimeOptions } from '../runtime-options.js';
import { formatTable } from '../print-table.js';
import { openStore } from '../../store/open-store.js';
import { readServiceStatus } from '../../runtime/status-file.js';

interface MonitorView { flow: string; nextRun?: string; running?: boolean; lastError?: { code: string } }
interface RegistrationView { flow: string; status: string; attempts?: number; nextAttemptAt?: number; lastError?: { code: string }; registerStartedAt?: number }

export const statusCommand: CliCommand = {
  register(program, context) {
    addRuntimeOptions(
      program.command('status').description('show flows, triggers, webhook registrations, next polls and recent executions').option('--json', 'print JSON'),
    ).action(async (_options: unknown, command) => {
      const { io } = context;
      const flags = command.optsWithGlobals() as GlobalFlags & { json?: boolean };
      const model = await loadProjectOrReport(context, flags);
      if (!model) return;
      const { dataDir } = resolveRuntimeOptions(io, model.root, flags);
      const store = openStore(dataDir, { env: io.env });
      try {
        const service = readServiceStatus(dataDir);
        const monitors = new Map(((service?.monitors ?? []) as MonitorView[]).map((m) => [m.flow, m]));
        const schedules = new Map(((service?.schedules ?? []) as { flow: string; nextRun?: string }[]).map((s) => [s.flow, s]));
        const registrations = new Map<string, RegistrationView>(store.registrations.list().map((r) => [r.flow, r]));
        const polls = new Map(store.polling.list().map((p) => [p.monitor, p]));
        const rows = [...model.flows.values()].map((flow) => {
          const last = store.executions.list({ target: flow.name, limit: 3 });
          return {
            flow: flow.name,
            enabled: flow.enabled,
            trigger: describeTrigger(flow),
            state: stateOf(flow, registrations.get(flow.name), monitors.get(flow.name), schedules.get(flow.name), polls.get(flow.name), service !== undefined),
            lastExecutions: last.map((e) => ({ id: e.id, status: e.status, startedAt: new Date(e.startedAt).toISOString() })),
          };
        });
        const events = store.events.counts();
        if (flags.json) {
          io.stdout(`${JSON.stringify({ service: service ? { pid: service.pid, url: service.url, startedAt: service.startedAt } : null, events, flows: rows }, null, 2)}\n`);
        } else {
          io.stdout(service ? `runtime running (pid ${service.pid}) at ${String(service.url)} since ${service.startedAt}\n` : 'runtime not running (start it with `runtime start`)\n');
          io.stdout(`events: ${Object.entries(events).map(([k, v]) => `${v} ${k}`).join(', ')}\n\n`);
          io.stdout(formatTable(['flow', 'enabled', 'trigger', 'state', 'last executions'], rows.map((r) => [
            r.flow, r.enabled ? 'yes' : 'no', r.trigger, r.state, r.lastExecutions.map((e) => e.status).join(' ') || '-',
          ]), 80));
        }
        context.exitCode = EXIT.ok;
      } finally {
        store.close();
      }
    });
  },
};

function describeTrigger(flow: UserFlow): string {
  const t = flow.trigger;
  if (t.type === 'event') return `${t.via} ${t.connector}.${t.card} (${t.connection})`;
  if (t.type === 'schedule') return `schedule ${t.cron}${t.timezone ? ` ${t.timezone}` : ''}`;
  return 'manual';
}

function stateOf(
  flow: UserFlow,
  registration: RegistrationView | undefined,
  monitor: MonitorView | undefined,
  schedule: { nextRun?: string } | undefined,
  poll: { lastRunAt?: number; lastError?: { code: string } } | undefined,
  running: boolean,
): string {
  if (!flow.enabled) return registration ? `disabled (registration ${registration.status}: deregistered on next start)` : 'disabled';
  const t = flow.trigger;
  if (t.type === 'event' && t.via === 'webhook') {
    if (!registration) return 'not registered yet';
    const retry = registration.nextAttemptAt ? `, retry at ${new Date(registration.nextAttemptAt).toISOString()}` : '';
    const interrupted = registration.status !== 'active' && registration.registerStartedAt !== undefined
      ? '; an earlier attempt was interrupted: the next one looks for its hook first' : '';
    return `registration ${registration.status}${registration.lastError ? ` (${registration.lastError.code}${retry})` : ''}${interrupted}`;
  }
  if (t.type === 'event') {
    const last = poll?.lastRunAt ? `last poll ${new Date(poll.lastRunAt).toISOString()}` : 'never polled';
    const next = monitor?.nextRun ? `, next ${monitor.nextRun}` : running ? '' : ', next when started';
    const error = poll?.lastError ? `, failing: ${poll.lastError.code}` : '';
    return `${last}${next}${error}`;
  }
  if (t.type === 'schedule') return schedule?.nextRun ? `next run ${schedule.nextRun}` : running ? 'scheduled' : 'runs when started';
  return 'runs on `runtime trigger` or POST /flows/<name>/trigger';
}
