// `runtime executions retry <id>`: a user-flow execution that failed for good runs again: its event goes back
// to pending with a fresh attempt count, and a running (or the next) `runtime start` executes it.
import type { Command } from 'commander';
import { EXIT, type CliContext } from '../cli-command.js';
import { openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { addRuntimeOptions } from '../runtime-options.js';

export function registerExecutionsRetry(group: Command, context: CliContext): void {
  addRuntimeOptions(
    group
      .command('retry')
      .description('run a failed user-flow execution again (by execution id or event id)')
      .argument('<id>', 'the execution id (from `executions list`) or the event id (from `events list`)'),
  ).action(async (id: string, _options: unknown, command) => {
    const { io } = context;
    const store = openCliStore(context, command.optsWithGlobals() as GlobalFlags);
    if (!store) return;
    try {
      const event = store.events.get(id) ?? store.events.list({ status: 'failed', limit: 1000 }).find((e) => e.executionId === id);
      if (!event) {
        io.stderr(`error: no stored event or failed flow execution ${id} (only executions started by a trigger can be retried; \`runtime run\` again instead)\n`);
        context.exitCode = EXIT.problems;
        return;
      }
      if (!store.events.retry(event.id)) {
        io.stderr(`error: event ${event.id} of flow ${event.flow} is ${event.status}, not failed: nothing to retry\n`);
        context.exitCode = EXIT.problems;
        return;
      }
      io.stdout(`queued event ${event.id} of flow ${event.flow} again\n`);
      context.exitCode = EXIT.ok;
    } finally {
      store.close();
    }
  });
}
