// `runtime fmt` on files: finds definition and connector test files, formats each, and writes the ones that
// change (unless only checking). A file that cannot be read, parsed or proven is reported and never written.
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDiagnostic } from '../errors/codes.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { findDefinitionFiles, reasonOf } from '../project/find-definition-files.js';
import { DEFAULT_PROJECT_FOLDERS, toProjectPath } from '../project/load-project.js';
import { DEFAULT_SOURCE_LIMITS } from '../source/source-file.js';
import { formatDefinition } from './format-definition.js';
import { schemaFileName, type FormattedKind } from './schema-shape.js';

export interface FormatFilesRequest {
  /** Absolute project root; files are reported relative to it. */
  root: string;
  /** Absolute files or folders; the project's connectors/ and flows/ when absent or empty. */
  paths?: readonly string[];
  /** Write the files that change; false only reports them (`--check`). */
  write: boolean;
}

export type FileResult =
  | { file: string; status: 'unchanged' }
  | { file: string; status: 'changed'; before: string; after: string; written: boolean }
  | { file: string; status: 'skipped'; reason: string }
  | { file: string; status: 'refused'; diagnostics: Diagnostic[] };

export interface FormatFilesReport {
  /** One per file found, sorted by path. */
  results: FileResult[];
  /** Paths given that could not be searched. */
  problems: Diagnostic[];
}

const AT_START = { line: 1, column: 1, length: 1 };

export async function formatFiles(request: FormatFilesRequest): Promise<FormatFilesReport> {
  const root = path.resolve(request.root);
  const explicit = request.paths ?? [];
  const optional = explicit.length > 0 ? [] : DEFAULT_PROJECT_FOLDERS.map((f) => path.join(root, f));
  const found = await findDefinitionFiles(explicit, optional, undefined, { includeTestCases: true });
  const problems = found.unreadable.map((u) => makeDiagnostic('FILE_UNREADABLE', u.reason, toProjectPath(root, u.path), AT_START));
  const results: FileResult[] = [];
  for (const absolute of found.files) results.push(await formatOne(root, absolute, request.write));
  return { results, problems };
}

async function formatOne(root: string, absolute: string, write: boolean): Promise<FileResult> {
  const file = toProjectPath(root, absolute);
  const read = await readText(absolute);
  if ('problem' in read) return { file, status: 'refused', diagnostics: [makeDiagnostic(read.problem.code, read.problem.message, file, AT_START)] };
  const outcome = formatDefinition({ file, text: read.text, schemaPath: (kind) => schemaCommentPath(root, absolute, kind) });
  if (outcome.status === 'skipped') return { file, status: 'skipped', reason: outcome.reason };
  if (outcome.status === 'refused') return { file, status: 'refused', diagnostics: outcome.diagnostics };
  if (!outcome.changed) return { file, status: 'unchanged' };
  if (write) {
    try {
      await writeFile(absolute, outcome.text, 'utf8');
    } catch (e) {
      return { file, status: 'refused', diagnostics: [makeDiagnostic('FILE_UNREADABLE', `could not be written: ${reasonOf(e)}`, file, AT_START)] };
    }
  }
  return { file, status: 'changed', before: read.text, after: outcome.text, written: write };
}

/** The project's copy of the kind's schema, relative to the file; none when the project has no such copy. */
function schemaCommentPath(root: string, file: string, kind: FormattedKind): string | undefined {
  const schema = path.join(root, 'schemas', schemaFileName(kind));
  if (!existsSync(schema)) return undefined;
  return path.relative(path.dirname(file), schema).split(path.sep).join('/');
}

type ReadResult = { text: string } | { problem: { code: 'YAML_TOO_LARGE' | 'FILE_UNREADABLE'; message: string } };

/** UTF-8 text, refusing an oversized file from its size alone. */
async function readText(file: string): Promise<ReadResult> {
  const max = DEFAULT_SOURCE_LIMITS.maxBytes;
  const tooLarge = { problem: { code: 'YAML_TOO_LARGE', message: `file is larger than ${max} bytes` } } as const;
  try {
    if ((await stat(file)).size > max) return tooLarge;
    const bytes = await readFile(file);
    if (bytes.length > max) return tooLarge;
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (e) {
    if (e instanceof TypeError) return { problem: { code: 'FILE_UNREADABLE', message: 'the file is not UTF-8 text' } };
    return { problem: { code: 'FILE_UNREADABLE', message: reasonOf(e) } };
  }
}
