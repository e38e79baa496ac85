// `runtime events list|replay`: the stored events that trigger user flows. Replay copies stored payloads as
// new events (of the same or another flow), e.g. after fixing a flow that failed on them.
import { EXIT, type CliCommand } from '../cli-command.js';
import { loadProjectOrReport, openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { addRuntimeOptions } from '../runtime-options.js';
import { formatTable } from '../print-table.js';
import { EVENT_STATUSES, type EventStatus } from '../../store/event-store.js';

export const eventsCommand: CliCommand = {
  register(program, context) {
    const events = program.command('events').description('list and replay stored trigger events');
    addRuntimeOptions(
      events
        .command('list')
        .description('newest events first')
        .option('--flow <name>', 'only this flow\'s events')
        .option('--status <status>', `only events in this status (${EVENT_STATUSES.join(', ')})`)
        .option('--limit <n>', 'at most this many (default 50)'),
    ).action(async (_options: unknown, command) => {
      const flags = command.optsWithGlobals() as GlobalFlags & { flow?: string; status?: string; limit?: string };
      if (flags.status && !EVENT_STATUSES.includes(flags.status as EventStatus)) {
        context.io.stderr(`error: --status must be one of ${EVENT_STATUSES.join(', ')}\n`);
        context.exitCode = EXIT.usage;
        return;
      }
      const store = openCliStore(context, flags);
      if (!store) return;
      try {
        const list = store.events.list({ flow: flags.flow, status: flags.status as EventStatus | undefined, limit: flags.limit ? Number(flags.limit) : undefined });
        context.io.stdout(formatTable(['id', 'flow', 'source', 'status', 'attempts', 'received', 'error'], list.map((e) => [
          e.id, e.flow, e.source, e.status, String(e.attempts), new Date(e.receivedAt).toISOString(), e.lastError ? `${e.lastError.code}` : '',
        ])));
        context.exitCode = EXIT.ok;
      } finally {
        store.close();
      }
    });
    addRuntimeOptions(
      events
        .command('replay')
        .description('run stored events again as new events')
        .argument('[ids...]', 'event ids')
        .option('--flow <name>', 'replay this flow\'s events (with --since/--until), and by default into it')
        .option('--into <flow>', 'the flow that receives the copies (default: each event\'s own flow)')
        .option('--since <datetime>', 'events received at or after this time')
        .option('--until <datetime>', 'events received before this time'),
    ).action(async (ids: string[], _options: unknown, command) => {
      const { io } = context;
      const flags = command.optsWithGlobals() as GlobalFlags & { flow?: string; into?: string; since?: string; until?: string };
      const since = flags.since ? Date.parse(flags.since) : undefined;
      const until = flags.until ? Date.parse(flags.until) : undefined;
      if ((ids.length === 0 && !flags.flow) || Number.isNaN(since) || Number.isNaN(until)) {
        io.stderr('error: give event ids, or --flow with optional --since/--until (ISO-8601 times)\n');
        context.exitCode = EXIT.usage;
        return;
      }
      const model = await loadProjectOrReport(context, flags);
      if (!model) return;
      const into = flags.into ?? flags.flow;
      if (into && !model.flows.has(into)) {
        io.stderr(`error: no flow '${into}'\n`);
        context.exitCode = EXIT.usage;
        return;
      }
      const store = openCliStore(context, flags);
      if (!store) return;
      try {
        const created: string[] = [];
        if (ids.length > 0 && !into) {
          // Each event back into its own flow.
          for (const id of ids) {
            const event = store.events.get(id);
            if (!event) {
              io.stderr(`✖ no event ${id}\n`);
              continue;
            }
            created.push(...store.events.replay({ ids: [id] }, event.flow));
          }
        } else {
          created.push(...store.events.replay({ ids: ids.length > 0 ? ids : undefined, flow: flags.flow, since, until }, into!));
        }
        io.stdout(`queued ${created.length} replayed event${created.length === 1 ? '' : 's'}${created.length ? `: ${created.join(', ')}` : ''}\n`);
        context.exitCode = created.length > 0 ? EXIT.ok : EXIT.problems;
      } finally {
        store.close();
      }
    });
  },
};
