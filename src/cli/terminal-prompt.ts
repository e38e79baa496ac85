// Questions on the terminal: one line per answer, secrets typed with echo off (nothing of them reaches the
// screen or the scrollback). Only used when the input is a terminal; scripts pass values as flags or env.
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import type { TerminalInput } from './cli-io.js';

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface Prompter {
  /** The answer without its line end; rejects with PromptCancelled on Ctrl-C or end of input. */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  close(): void;
}

const MAX_ANSWER_CHARS = 64 * 1024;

export function isTerminal(input: TerminalInput): boolean {
  return input.isTTY === true;
}

export function terminalPrompter(input: TerminalInput, write: (text: string) => void): Prompter {
  let muted = false;
  // readline echoes keystrokes and redraws the line through its output: dropping that output while a secret is
  // typed is what turns echo off.
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (!muted) write(chunk.toString());
      done();
    },
  });
  let rl: Interface | undefined;
  let pendingReject: ((e: Error) => void) | undefined;
  const readlineInterface = (): Interface => {
    if (rl) return rl;
    rl = createInterface({ input, output, terminal: true, historySize: 0 });
    rl.on('SIGINT', () => pendingReject?.(new PromptCancelled()));
    rl.on('close', () => pendingReject?.(new PromptCancelled()));
    return rl;
  };

  return {
    ask(question, options = {}) {
      const line = readlineInterface();
      return new Promise<string>((resolve, reject) => {
        pendingReject = (e) => {
          pendingReject = undefined;
          muted = false;
          if (options.secret) write('\n');
          reject(e);
        };
        // readline redraws the prompt as the user types, so the question must be its prompt; it is written
        // synchronously, before echo is turned off for a secret.
        muted = false;
        line.question(question, (answer) => {
          pendingReject = undefined;
          muted = false;
          if (options.secret) write('\n');
          resolve(answer.slice(0, MAX_ANSWER_CHARS));
        });
        muted = options.secret === true;
      });
    },
    close() {
      pendingReject = undefined;
      rl?.close();
    },
  };
}
