// Runs README commands the way a reader's shell would: `cd` moves, `npx runtime ...` is the built CLI
// (`node <repo>/bin/runtime.js`, what npx resolves inside this repository), `node` and `git` are themselves.
// Any other program is refused, so a new kind of command needs a new, deliberate rule here.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { splitCommandChain } from './shell-words.js';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A long-running command (`runtime start`) while it runs: its output so far, and a way to wait for it. */
export interface RunningCommand {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

const NO_PROGRAM: CommandResult = { code: 0, stdout: '', stderr: '' };

export class TutorialShell {
  private folder: string;
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly root: string,
    private readonly bin: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.folder = root;
  }

  get cwd(): string {
    return this.folder;
  }

  /** Runs one README command line (an `&&` chain stops at the first failure, like a shell). */
  async run(line: string): Promise<CommandResult> {
    let result = NO_PROGRAM;
    for (const words of splitCommandChain(line)) {
      result = await this.runWords(words);
      if (result.code !== 0) break;
    }
    return result;
  }

  /**
   * Runs a command that serves until it is stopped (`npx runtime start`): spawns it, lets `whileRunning`
   * check on it, then sends SIGTERM as Ctrl-C would and resolves with how it ended.
   */
  async serve(line: string, whileRunning: (running: RunningCommand) => Promise<void>): Promise<CommandResult> {
    const chain = splitCommandChain(line);
    if (chain.length !== 1) throw new Error(`a serving command must stand alone: ${line}`);
    const child = spawn(process.execPath, this.nodeArgs(chain[0]!), { cwd: this.folder, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => {
      this.children.delete(child);
      resolve(code ?? (signal ? -1 : 0));
    }));
    try {
      await Promise.race([
        whileRunning({ stdout: () => stdout, stderr: () => stderr }),
        exited.then((code) => { throw new Error(`'${line}' exited with ${code} while it should serve:\n${stdout}${stderr}`); }),
      ]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    const code = await exited;
    return { code, stdout, stderr };
  }

  /** Ends whatever a failed test left running (each child by its own pid). */
  async killLeftovers(): Promise<void> {
    await Promise.all([...this.children].map((child) => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    })));
  }

  private async runWords(words: string[]): Promise<CommandResult> {
    const [program, ...args] = words;
    switch (program) {
      case 'cd':
        return this.changeFolder(args);
      case 'npx':
      case 'node':
        return this.exec(process.execPath, this.nodeArgs(words));
      case 'git':
        return this.exec('git', args);
      default:
        throw new Error(`the tutorial shell does not know how to run '${words.join(' ')}'`);
    }
  }

  private changeFolder(args: string[]): CommandResult {
    if (args.length !== 1) throw new Error(`cd takes one folder, got: ${args.join(' ')}`);
    const target = path.resolve(this.folder, args[0]!);
    if (!existsSync(target) || !statSync(target).isDirectory()) return { code: 1, stdout: '', stderr: `cd: ${args[0]}: no such folder\n` };
    this.folder = target;
    return NO_PROGRAM;
  }

  /** The arguments of `node` for `npx runtime <args>` or `node <args>`; npx of anything else is refused. */
  private nodeArgs(words: string[]): string[] {
    if (words[0] === 'node') return words.slice(1);
    if (words[0] !== 'npx' || words[1] !== 'runtime') throw new Error(`only 'npx runtime ...' is supported, got: ${words.join(' ')}`);
    return [this.bin, ...words.slice(2)];
  }

  private exec(file: string, args: string[]): Promise<CommandResult> {
    return new Promise((resolve) => {
      execFile(file, args, { cwd: this.folder, env: this.env, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }
}
