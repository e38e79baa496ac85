// What only the running service knows (next poll times, registration retries, running executions) is written
// to <dataDir>/status.json every few seconds, atomically, so `runtime status` in another shell can show it.
import fs from 'node:fs';
import path from 'node:path';

export const STATUS_FILE = 'status.json';
const INTERVAL_MS = 5000;

export interface ServiceStatus {
  readonly pid: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly [key: string]: unknown;
}

export function startStatusFile(dataDir: string, snapshot: () => Record<string, unknown>): { stop(): void } {
  const file = path.join(dataDir, STATUS_FILE);
  const startedAt = new Date().toISOString();
  const write = (): void => {
    try {
      const data: ServiceStatus = { pid: process.pid, startedAt, updatedAt: new Date().toISOString(), ...snapshot() };
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // Status is informational; a full disk must not stop the service (the store reports real problems).
    }
  };
  write();
  const timer = setInterval(write, INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      fs.rmSync(file, { force: true });
    },
  };
}

/** The running service's status, or undefined when none runs (no file, stale file, or its process is gone). */
export function readServiceStatus(dataDir: string, now = Date.now()): ServiceStatus | undefined {
  let data: ServiceStatus;
  try {
    data = JSON.parse(fs.readFileSync(path.join(dataDir, STATUS_FILE), 'utf8')) as ServiceStatus;
  } catch {
    return undefined;
  }
  if (now - Date.parse(data.updatedAt) > 6 * INTERVAL_MS) return undefined;
  try {
    process.kill(data.pid, 0);
  } catch {
    return undefined;
  }
  return data;
}
