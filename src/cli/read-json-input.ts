// `--input '{"id": 1}'` or `--input @inputs.json`: a JSON object given inline or read from a file (relative to
// where the command runs), bounded in size. Problems are usage errors with a message saying what to fix.
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from './cli-io.js';

export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export class InputProblem extends Error {}

export async function readJsonInput(text: string | undefined, cwd: string): Promise<Record<string, unknown> | undefined> {
  if (text === undefined) return undefined;
  let json = text;
  let where = '--input';
  if (text.startsWith('@')) {
    const file = path.resolve(cwd, text.slice(1));
    where = `--input file ${text.slice(1)}`;
    json = await readBounded(file, where);
  } else if (Buffer.byteLength(text) > MAX_INPUT_BYTES) {
    throw new InputProblem(`--input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB: pass a file with @path instead`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new InputProblem(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputProblem(`${where} must be a JSON object of input names and values, e.g. '{"id": 1}'`);
  }
  return value as Record<string, unknown>;
}

/**
 * `--input` for a command: `{input}` (undefined when not given), or undefined after printing the problem, for
 * the caller to exit with a usage error.
 */
export async function readInputOption(io: CliIo, text: string | undefined): Promise<{ input: Record<string, unknown> | undefined } | undefined> {
  try {
    return { input: await readJsonInput(text, io.cwd) };
  } catch (e) {
    if (!(e instanceof InputProblem)) throw e;
    io.stderr(`error: ${e.message}\n`);
    return undefined;
  }
}

async function readBounded(file: string, where: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new InputProblem(`cannot read ${where}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InputProblem(`${where} is not a file`);
    if (stat.size > MAX_INPUT_BYTES) throw new InputProblem(`${where} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
