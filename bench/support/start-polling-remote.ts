// Starts bench/support/polling-remote.ts as a child process, so the polled service runs outside the measured
// process's event loop (bench/polling.ts, bench/http-client.ts).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemoteReport } from './polling-remote.js';

export interface PollingRemote {
  readonly port: number;
  readonly child: ChildProcess;
  /** Asks it to stop; resolves with how many requests it answered. */
  stop(): Promise<RemoteReport>;
}

export function startPollingRemote(): Promise<PollingRemote> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'polling-remote.ts');
  const child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const stop = (): Promise<RemoteReport> => new Promise((resolve, reject) => {
    child.once('message', (report) => resolve(report as RemoteReport));
    child.once('exit', (code) => reject(new Error(`the remote service exited with code ${code}`)));
    child.send({ stop: true });
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message) => resolve({ port: (message as { port: number }).port, child, stop }));
  });
}
