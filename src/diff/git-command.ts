// Runs git without a shell, with bounded output and time, and turns its failures into GitError.
import { execFile, spawn } from 'node:child_process';

export type GitErrorKind = 'not-a-repository' | 'unknown-revision' | 'no-base-branch' | 'git-failed';

/** A usage or repository problem: `runtime diff` exits 2 with the message. */
export class GitError extends Error {
  constructor(message: string, readonly kind: GitErrorKind) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitLimits {
  maxOutputBytes: number;
  timeoutMs: number;
}

export const DEFAULT_GIT_LIMITS: GitLimits = Object.freeze({ maxOutputBytes: 64 * 1024 * 1024, timeoutMs: 30_000 });

export type GitResult = { ok: true; stdout: Buffer } | { ok: false; exitCode: number | null; stderr: string };

/** Git never prompts, takes no optional locks and speaks English, whatever the user's settings. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', LANGUAGE: 'C' };
}

export function runGit(cwd: string, args: readonly string[], limits: GitLimits = DEFAULT_GIT_LIMITS): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: limits.maxOutputBytes, timeout: limits.timeoutMs, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ ok: true, stdout });
          return;
        }
        const e = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
        if (e.code === 'ENOENT') {
          reject(new GitError('git was not found: install git or put it on the PATH', 'git-failed'));
          return;
        }
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(new GitError(`git ${args[0]} wrote more than ${limits.maxOutputBytes} bytes`, 'git-failed'));
          return;
        }
        if (e.killed) {
          reject(new GitError(`git ${args[0]} took longer than ${limits.timeoutMs} ms`, 'git-failed'));
          return;
        }
        resolve({ ok: false, exitCode: typeof e.code === 'number' ? e.code : null, stderr: stderr.toString('utf8').slice(0, 2000) });
      },
    );
  });
}

/** Like runGit, but a failure is an error with git's first line of complaint. */
export async function gitOutput(cwd: string, args: readonly string[], limits?: GitLimits): Promise<Buffer> {
  const result = await runGit(cwd, args, limits);
  if (result.ok) return result.stdout;
  const first = result.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${result.exitCode}`;
  throw new GitError(`git ${args[0]} failed: ${first.trim()}`, 'git-failed');
}

/**
 * `git cat-file --batch` for many objects in one process: the contents of each id, in order. `maxBytes` bounds
 * all output together (the caller knows the sizes from `ls-tree -l`).
 */
export function catFileBatch(cwd: string, ids: readonly string[], maxBytes: number, timeoutMs = DEFAULT_GIT_LIMITS.timeoutMs): Promise<Buffer[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: GitError | undefined;
    const fail = (e: GitError) => {
      failure ??= e;
      child.kill();
    };
    const timer = setTimeout(() => fail(new GitError(`git cat-file took longer than ${timeoutMs} ms`, 'git-failed')), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(new GitError(`git cat-file wrote more than ${maxBytes} bytes`, 'git-failed'));
      else chunks.push(chunk);
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined); // git exits early on failure; its exit code says why
    child.on('error', (e: NodeJS.ErrnoException) => {
      fail(new GitError(e.code === 'ENOENT' ? 'git was not found: install git or put it on the PATH' : `git cat-file failed: ${e.message}`, 'git-failed'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0) return reject(new GitError(`git cat-file failed with exit code ${code}`, 'git-failed'));
      try {
        resolve(parseBatch(Buffer.concat(chunks), ids));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(`${ids.join('\n')}\n`);
  });
}

/** Each object is `<id> <type> <size>\n<contents>\n`; a missing one is `<id> missing\n`. */
function parseBatch(out: Buffer, ids: readonly string[]): Buffer[] {
  const result: Buffer[] = [];
  let pos = 0;
  for (const id of ids) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) throw new GitError('git cat-file: output ended early', 'git-failed');
    const header = out.subarray(pos, eol).toString('utf8').split(' ');
    if (header[0] !== id || header.length !== 3) throw new GitError(`git cat-file: cannot read object ${id}`, 'git-failed');
    const size = Number(header[2]);
    if (!Number.isSafeInteger(size) || size < 0 || eol + 1 + size > out.length) {
      throw new GitError('git cat-file: output ended early', 'git-failed');
    }
    result.push(out.subarray(eol + 1, eol + 1 + size));
    pos = eol + 1 + size + 1;
  }
  return result;
}
