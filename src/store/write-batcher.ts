// Group commit for writes that may lag a little (execution records): operations queued during one event-loop
// turn run in one transaction, so 50 concurrent executions cost one fsync per turn instead of one per row.
import type Database from 'better-sqlite3';

export type BatchedWrite = () => void;

export class WriteBatcher {
  private pending: BatchedWrite[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly db: Database.Database,
    /** Gets failures of background flushes, which have no caller to throw to. */
    private readonly onError: (error: unknown) => void,
    private readonly maxPending = 1000,
  ) {}

  enqueue(write: BatchedWrite): void {
    this.pending.push(write);
    if (this.pending.length >= this.maxPending) {
      this.flushInBackground();
    } else if (!this.scheduled) {
      this.scheduled = setImmediate(() => this.flushInBackground());
    }
  }

  /** Runs everything queued now, in one transaction. Throws if the transaction fails. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    let firstError: unknown;
    this.db.transaction(() => {
      for (const write of writes) {
        // One bad row must not cost the other executions their records.
        try {
          write();
        } catch (e) {
          firstError ??= e;
        }
      }
    })();
    if (firstError !== undefined) this.onError(firstError);
  }

  get size(): number {
    return this.pending.length;
  }

  private flushInBackground(): void {
    try {
      this.flush();
    } catch (e) {
      this.onError(e);
    }
  }
}
