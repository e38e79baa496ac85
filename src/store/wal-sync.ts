// Flushing the write-ahead log to disk off the event loop. A transaction committed with `synchronous = NORMAL`
// is in the WAL file but maybe not yet on disk; an fsync of that file (any descriptor of it: fsync works on the
// inode), run on libuv's thread pool, makes it and every earlier commit durable. SQLite stays consistent either
// way (WAL frames are checksummed): a crash before the fsync loses only commits nobody was told about yet.
// Checkpoints in NORMAL mode sync the WAL before copying it and the database after, so nothing is lost there.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// The callback API: plain descriptors, which (unlike FileHandle objects) are never closed behind our back.
const openFile = promisify(fs.open);
const fsyncFile = promisify(fs.fsync);
const closeFile = promisify(fs.close);

export class WalSync {
  private fd: number | undefined;
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private closed = false;
  private closedCleanly = false;
  private unsynced = false;

  constructor(private readonly dbPath: string) {}

  /** Resolves when every commit made before the call is on disk. Concurrent calls share fsyncs. */
  flush(): Promise<void> {
    if (this.closed) {
      // close() synced everything committed before it.
      return this.closedCleanly ? Promise.resolve() : Promise.reject(new Error('the database was closed before its log was flushed'));
    }
    if (!this.inFlight) {
      const run = this.fsyncNow();
      this.inFlight = run;
      run.then(() => this.settled(run), () => this.settled(run));
      return run;
    }
    // The fsync under way may have started before the caller's commit: wait for the next one.
    this.queued ??= this.inFlight.then(noop, noop).then(() => {
      this.queued = undefined;
      return this.flush();
    });
    return this.queued;
  }

  /** A commit was made without syncing. */
  markUnsynced(): void {
    this.unsynced = true;
  }

  /**
   * Before the database closes: syncs the log now if commits were left unsynced (another connection may keep the
   * database open, so closing ours need not checkpoint), so pending flushes resolve. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.unsynced) {
        const fd = this.fd ?? fs.openSync(`${this.dbPath}-wal`, 'r');
        try {
          fs.fsyncSync(fd);
        } finally {
          if (this.fd === undefined) fs.closeSync(fd);
        }
      }
      this.closedCleanly = true;
    } catch {
      // Pending flushes reject: their callers were not told the events are stored.
    }
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    // A running fsync keeps the descriptor until it ends.
    const release = (): void => fs.close(fd, noop);
    if (this.inFlight) this.inFlight.then(release, release);
    else release();
  }

  private settled(run: Promise<void>): void {
    if (this.inFlight === run) this.inFlight = undefined;
  }

  private async fsyncNow(): Promise<void> {
    let fd = this.fd;
    if (fd === undefined) {
      fd = await openFile(`${this.dbPath}-wal`, 'r');
      if (this.closed) {
        await closeFile(fd);
        return this.flush();
      }
      this.fd = fd;
      // SQLite syncs the directory of a new WAL file on its own first sync, which NORMAL commits skip: do it here.
      const dir = await openFile(path.dirname(this.dbPath), 'r');
      try {
        await fsyncFile(dir);
      } finally {
        await closeFile(dir);
      }
    }
    await fsyncFile(fd);
  }
}

function noop(): void {}
