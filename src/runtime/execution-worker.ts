// Turns stored events into user-flow executions: at least once (events stay `running` in the store until an
// execution ends, and a restart re-queues them), at most `concurrency` at a time per flow, retried per the
// flow's retry policy, then kept as failed with their error.
import type { ProjectModel, UserFlow } from '../model/model.js';
import type { Store } from '../store/store.js';
import type { StoredEvent } from '../store/event-store.js';
import type { Engine } from '../engine/engine.js';
import { isRuntimeError } from '../errors/runtime-error.js';
import { secretsOfFlow } from '../engine/flow-secrets.js';
import type { LogSink } from '../log/log-sink.js';

export interface ExecutionWorkerOptions {
  readonly store: Store;
  readonly engine: () => Engine;
  readonly model: () => ProjectModel;
  readonly logger: LogSink;
  /** How often due retries are looked for when nothing new arrives. */
  readonly pollIntervalMs?: number;
  /** Record step inputs/outputs of every execution (on by default). */
  readonly recordExecutions?: boolean;
  readonly now?: () => number;
  readonly onFinished?: (flow: string, status: 'succeeded' | 'failed' | 'retrying') => void;
}

export interface ExecutionWorker {
  /** New events were committed for `flow` (or any flow): look now instead of at the next interval. */
  notify(flow?: string): void;
  /** Stops claiming; waits up to `graceMs` for running executions, then aborts the rest (re-queued on restart). */
  stop(graceMs: number): Promise<void>;
  running(): number;
}

export function startExecutionWorker(options: ExecutionWorkerOptions): ExecutionWorker {
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, number>();
  const executions = new Set<Promise<void>>();
  const abort = new AbortController();
  let stopping = false;
  let scheduled = false;

  // A crash or kill left some events `running`: they have not finished, so they run again. Their execution
  // records would look running forever: they are closed as aborted.
  const requeued = options.store.events.requeueRunning();
  const abandoned = options.store.executions.closeAbandoned('flow', now(), {
    code: 'RUN_ABORTED',
    message: 'the runtime stopped (killed or crashed) before this execution ended',
    actor: 'operational',
  });
  if (requeued > 0 || abandoned > 0) options.logger.info({ requeued, abandoned }, 're-queued events interrupted by the last stop');

  const pump = (): void => {
    scheduled = false;
    if (stopping) return;
    const model = options.model();
    for (const flow of model.flows.values()) {
      if (!flow.enabled) continue;
      const free = flow.concurrency - (inFlight.get(flow.name) ?? 0);
      if (free <= 0) continue;
      for (const event of options.store.events.claim(flow.name, free, now())) start(flow, event);
    }
  };

  const start = (flow: UserFlow, event: StoredEvent): void => {
    inFlight.set(flow.name, (inFlight.get(flow.name) ?? 0) + 1);
    const done = execute(flow, event).finally(() => {
      inFlight.set(flow.name, (inFlight.get(flow.name) ?? 1) - 1);
      executions.delete(done);
      schedule(); // capacity freed: more pending events may be waiting
    });
    executions.add(done);
  };

  // Decrypting every connection per execution would cost more than the execution: keep each flow's list a minute.
  const secretsCache = new Map<string, { at: number; secrets: string[] }>();
  const secretsOf = (flow: UserFlow): string[] => {
    const hit = secretsCache.get(flow.name);
    if (hit && now() - hit.at < 60_000) return hit.secrets;
    const secrets = secretsOfFlow(flow, options.store.connections);
    secretsCache.set(flow.name, { at: now(), secrets });
    return secrets;
  };

  const execute = async (flow: UserFlow, event: StoredEvent): Promise<void> => {
    const log = options.store.executions;
    const secrets = secretsOf(flow);
    const executionId = log.start({ kind: 'flow', target: flow.name, input: event.payload, secrets });
    const recorder = options.recordExecutions === false ? undefined : {
      step: (s: Parameters<typeof log.step>[1]) => log.step(executionId, s),
      secrets: (values: readonly string[]) => log.addSecrets(executionId, values),
    };
    // The execution record and the event's outcome commit in one transaction: a kill between two commits would
    // leave a succeeded event whose execution record is missing or still looks running.
    const settle = (status: 'succeeded' | 'failed', result: unknown, outcome: () => void): void => {
      options.store.transaction(() => {
        log.finish(executionId, status, result);
        log.flush();
        outcome();
      });
    };
    let output: unknown;
    try {
      output = await options.engine().runUserFlow(flow, event.payload, { recorder, signal: abort.signal });
    } catch (error) {
      if (stopping && abort.signal.aborted) {
        settle('failed', error, () => undefined); // the event stays `running`: re-queued by the next start
        return;
      }
      const code = isRuntimeError(error) ? error.code : 'RUN_INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = event.attempts < flow.retry.attempts ? now() + flow.retry.backoffMs * 2 ** (event.attempts - 1) : undefined;
      settle('failed', error, () => options.store.events.fail(event.id, { code, message }, retryAt, executionId));
      options.logger.warn({ flow: flow.name, event: event.id, code, attempt: event.attempts, retry: retryAt !== undefined }, 'flow execution failed');
      options.onFinished?.(flow.name, retryAt === undefined ? 'failed' : 'retrying');
      return;
    }
    settle('succeeded', output, () => options.store.events.succeed(event.id, executionId));
    options.onFinished?.(flow.name, 'succeeded');
  };

  const schedule = (): void => {
    if (scheduled || stopping) return;
    scheduled = true;
    setImmediate(pump);
  };

  const timer = setInterval(schedule, options.pollIntervalMs ?? 1000);
  timer.unref();
  schedule();

  return {
    notify: () => schedule(),
    running: () => executions.size,
    async stop(graceMs) {
      stopping = true;
      clearInterval(timer);
      const all = Promise.allSettled([...executions]);
      const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([all, deadline]);
      if (executions.size > 0) {
        abort.abort();
        await Promise.allSettled([...executions]);
      }
    },
  };
}
