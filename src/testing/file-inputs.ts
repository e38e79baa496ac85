// File inputs of action cases: a `file`-typed input is given as `{file: <path>, name?, contentType?}` (or a list of
// them), the path relative to the test file and inside the project. Checked when the test file loads; at run time
// the bytes go into the case's file store and the card receives real file handles, as a flow's would be.
import fs from 'node:fs';
import path from 'node:path';
import type { FileHandle, FileStore } from '../model/file-handle.js';
import type { Fields } from '../model/model.js';
import type { Path } from '../source/source-file.js';

/** Test fixtures are small: a bigger file belongs to a live recording, not to git. */
export const MAX_FIXTURE_FILE_BYTES = 10 * 1024 * 1024;

export interface FileFixture {
  /** Absolute path of the bytes. */
  readonly path: string;
  readonly name: string;
  readonly contentType: string;
}

export type FileInputs = Readonly<Record<string, FileFixture | readonly FileFixture[]>>;

type Report = (code: string, message: string, at: Path, where?: 'key' | 'value', hint?: string) => void;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain', '.csv': 'text/csv', '.json': 'application/json', '.pdf': 'application/pdf',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.xml': 'application/xml', '.zip': 'application/zip',
};

/** The file-typed inputs of a case, resolved and checked; problems are reported at the input's value. */
export function fileInputsOf(inputs: Readonly<Record<string, unknown>>, fields: Fields, testFileDir: string, projectRoot: string, at: Path, report: Report): FileInputs {
  const out: Record<string, FileFixture | FileFixture[]> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (field?.type !== 'file') continue;
    const where: Path = [...at, name];
    if (field.list) {
      if (!Array.isArray(value)) {
        report('DEF_INVALID_VALUE', `'${name}' is a list of files: give a list of {file: <path>}`, where);
        continue;
      }
      const list = value.map((item, i) => fixtureOf(item, [...where, i], testFileDir, projectRoot, report));
      if (list.every((f): f is FileFixture => f !== undefined)) out[name] = list;
      continue;
    }
    const one = fixtureOf(value, where, testFileDir, projectRoot, report);
    if (one) out[name] = one;
  }
  return out;
}

function fixtureOf(value: unknown, at: Path, testFileDir: string, projectRoot: string, report: Report): FileFixture | undefined {
  const raw = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (typeof raw?.file !== 'string' || raw.file === '') {
    report('DEF_INVALID_VALUE', 'a file input is given as {file: <path>} (relative to the test file), with optional name and contentType', at);
    return undefined;
  }
  const absolute = path.resolve(testFileDir, raw.file);
  const inside = path.relative(projectRoot, absolute);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    report('DEF_INVALID_VALUE', `the file ${raw.file} is outside the project: test fixtures live in the project`, [...at, 'file']);
    return undefined;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    report('DEF_INVALID_VALUE', `no file ${raw.file} (looked for ${inside})`, [...at, 'file']);
    return undefined;
  }
  if (!stat.isFile()) {
    report('DEF_INVALID_VALUE', `${raw.file} is not a regular file`, [...at, 'file']);
    return undefined;
  }
  if (stat.size > MAX_FIXTURE_FILE_BYTES) {
    report('DEF_INVALID_VALUE', `${raw.file} has ${stat.size} bytes; a test fixture may have at most ${MAX_FIXTURE_FILE_BYTES}`, [...at, 'file']);
    return undefined;
  }
  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : path.basename(absolute);
  const contentType = typeof raw.contentType === 'string' && raw.contentType !== ''
    ? raw.contentType
    : CONTENT_TYPES[path.extname(absolute).toLowerCase()] ?? 'application/octet-stream';
  return { path: absolute, name, contentType };
}

/** The case's inputs with each file fixture stored and replaced by its handle. */
export async function withFileHandles(inputs: Readonly<Record<string, unknown>>, fileInputs: FileInputs, files: FileStore | undefined): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...inputs };
  const names = Object.keys(fileInputs);
  if (names.length === 0) return out;
  if (!files) throw new Error('the test runtime has no file store');
  const put = async (f: FileFixture): Promise<FileHandle> => files.put(await fs.promises.readFile(f.path), { name: f.name, contentType: f.contentType });
  for (const name of names) {
    const given = fileInputs[name]!;
    out[name] = Array.isArray(given) ? await Promise.all(given.map(put)) : await put(given as FileFixture);
  }
  return out;
}
