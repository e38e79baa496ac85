// Where the CLI reads its surroundings and writes its output; injectable so tests run main() in-process.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Paths on the command line are relative to this folder. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal (colour is then allowed unless NO_COLOR is set). */
  stdoutIsTTY: boolean;
  /** Where questions are answered (`connections create` asks for missing fields); process.stdin when absent. */
  stdin?: TerminalInput;
}

/** A readable stream that may be a terminal (then `isTTY` is true and `setRawMode` exists). */
export type TerminalInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** https://no-color.org: colour only on a terminal, and never when NO_COLOR is set to anything non-empty. */
export function colorAllowed(io: CliIo): boolean {
  return io.stdoutIsTTY && !io.env.NO_COLOR;
}
