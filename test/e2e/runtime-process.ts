// `runtime start` as a real child process: the built CLI (bin/runtime.js -> dist/), JSON logs read line by line
// from stdout, stopped by a signal like an operator (SIGTERM) or a crash (SIGKILL). Also one-shot CLI commands.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait-until.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(REPO, 'bin/runtime.js');
const BUILT_MAIN = path.join(REPO, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

let built = false;
/** Builds dist/ once per test run when it is missing or older than src/ (a full tsc build, under a minute). */
export function ensureBuilt(): void {
  if (built) return;
  if (!existsSync(BUILT_MAIN) || statSync(BUILT_MAIN).mtimeMs < newestMtime(path.join(REPO, 'src'))) {
    // tsc still emits when another file has a type error; what matters is that the entry point exists.
    const build = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (!existsSync(BUILT_MAIN)) throw new Error(`build produced no dist/cli/main.js:\n${build.stdout}${build.stderr}`);
  }
  built = true;
}

/** The child's environment: ours without RUNTIME_* settings, so only the flags the tests give apply. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('RUNTIME_')) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface StartOptions {
  readonly project: string;
  readonly dataDir: string;
  /** Default 0 (any free port). Restart tests keep one port so the registered callback URL stays valid. */
  readonly port?: number;
  readonly watch?: boolean;
  /** How long to wait for the "runtime started" line. */
  readonly readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();

/** Kills every runtime a test left running (each by its own pid). */
export async function killLeftovers(): Promise<void> {
  await Promise.all([...live].map(async (child) => {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    live.delete(child);
  }));
}

export class RuntimeProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  /** Lines of stdout that are not JSON (there should be none). */
  readonly stray: string[] = [];
  url = '';
  publicBaseUrl = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    live.add(child);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }));
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() === '') continue;
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.stray.push(line);
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns `runtime start` and waits for its "runtime started" line (rejects when it exits first). */
  static async start(options: StartOptions): Promise<RuntimeProcess> {
    const runtime = RuntimeProcess.spawn(options);
    await runtime.ready(options.readyTimeoutMs);
    return runtime;
  }

  /** Spawns `runtime start` without waiting for it. */
  static spawn(options: StartOptions): RuntimeProcess {
    const args = [
      BIN, 'start',
      '--project', options.project,
      '--data-dir', options.dataDir,
      '--port', String(options.port ?? 0),
      '--log-format', 'json',
      '--allow-private-network',
      ...(options.watch ? ['--watch'] : []),
    ];
    const child = spawn(process.execPath, args, { cwd: options.project, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    return new RuntimeProcess(child);
  }

  /** Waits for the "runtime started" line; rejects when the process exits first. */
  async ready(timeoutMs = 20_000): Promise<void> {
    let exit: { code: number | null } | undefined;
    void this.exited.then((e) => { exit = e; });
    await waitUntil(() => exit !== undefined || this.find('runtime started') !== undefined, {
      timeoutMs,
      what: () => `"runtime started" in the logs; got:\n${this.describe()}`,
    });
    const started = this.find('runtime started');
    if (!started) throw new Error(`runtime start exited with ${exit?.code} before it started:\n${this.describe()}`);
    this.url = String(started.url);
    this.publicBaseUrl = String(started.publicBaseUrl);
  }

  find(message: string, where: (line: LogLine) => boolean = () => true): LogLine | undefined {
    return this.logs.find((l) => l.msg === message && where(l));
  }

  async waitForLog(message: string, where: (line: LogLine) => boolean = () => true, timeoutMs = 10_000): Promise<LogLine> {
    await waitUntil(() => this.find(message, where) !== undefined, { timeoutMs, what: () => `log "${message}"; got:\n${this.describe()}` });
    return this.find(message, where)!;
  }

  /** SIGTERM, as an operator stops it; resolves with the exit code. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (!this.running) return (await this.exited).code;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const { code } = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** kill -9: no shutdown code runs. */
  async crash(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  describe(): string {
    const tail = this.logs.slice(-30).map((l) => JSON.stringify(l)).join('\n');
    return `${tail}${this.stray.length ? `\nstray stdout:\n${this.stray.join('\n')}` : ''}${this.stderr ? `\nstderr:\n${this.stderr}` : ''}`;
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One CLI command (`runtime status`, `runtime trigger`, ...) with the project and data dir of a test. */
export function runCli(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: childEnv(), timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
