// Loads a project's definition files into the compiled model, collecting every problem of every file at once:
// find files -> read (size checked first) -> parse YAML -> detect kind -> validate against the schema -> compile.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeDiagnostic } from '../errors/codes.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { ProjectModel } from '../model/model.js';
import { DEFAULT_SOURCE_LIMITS, type SourceFile, type SourceLimits } from '../source/source-file.js';
import { loadDefinitionTexts, type DefinitionText } from './load-definition-texts.js';
import { findDefinitionFiles, reasonOf } from './find-definition-files.js';

/** Folders searched when no paths are given; either may be missing. */
export const DEFAULT_PROJECT_FOLDERS = ['connectors', 'flows'] as const;

export interface LoadOptions {
  limits?: Partial<SourceLimits>;
}

export interface LoadedProject {
  /** Present only when there is no error diagnostic. */
  model?: ProjectModel;
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  /** Every file that was read, by its root-relative path (forward slashes). */
  sources: ReadonlyMap<string, SourceFile>;
  /** Every definition file found, read or not, root-relative. */
  files: readonly string[];
}

/**
 * `paths` are resolved against `root` (absolute paths stay as they are) and must exist; without them the
 * default folders are searched. Paths in diagnostics are relative to `root`.
 */
export async function loadProject(root: string, paths?: string[], options: LoadOptions = {}): Promise<LoadedProject> {
  const absRoot = path.resolve(root);
  const limits: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...options.limits };
  const rel = (p: string) => toProjectPath(absRoot, p);
  const diagnostics: Diagnostic[] = [];
  const at1 = { line: 1, column: 1, length: 1 };

  const rootProblem = await folderProblem(absRoot);
  if (rootProblem) {
    // A mistyped --project must not pass as an empty, valid project.
    diagnostics.push(makeDiagnostic('FILE_UNREADABLE', `project folder ${absRoot}: ${rootProblem}`, '.', at1));
    return { diagnostics, sources: new Map(), files: [] };
  }

  const explicit = (paths ?? []).map((p) => path.resolve(absRoot, p));
  const optional = paths && paths.length > 0 ? [] : DEFAULT_PROJECT_FOLDERS.map((f) => path.join(absRoot, f));
  const found = await findDefinitionFiles(explicit, optional);
  for (const u of found.unreadable) {
    diagnostics.push(makeDiagnostic('FILE_UNREADABLE', u.reason, rel(u.path), at1));
  }

  const texts: DefinitionText[] = [];
  for (const file of found.files) {
    const text = await readDefinitionText(file, limits.maxBytes);
    texts.push({ file: rel(file), ...text });
  }
  // Parsing, validation and compilation are the same for files on disk and texts from a git revision.
  const loaded = loadDefinitionTexts(absRoot, texts, { limits });
  if (diagnostics.length === 0) return loaded;
  const all = [...diagnostics, ...loaded.diagnostics].sort(compareDiagnostics);
  return { diagnostics: all, sources: loaded.sources, files: loaded.files, ...(loaded.model && !hasErrors(all) && { model: loaded.model }) };
}

async function folderProblem(folder: string): Promise<string | undefined> {
  try {
    return (await stat(folder)).isDirectory() ? undefined : 'not a folder';
  } catch (e) {
    return reasonOf(e);
  }
}

type ReadResult = { text: string } | { problem: { code: 'YAML_TOO_LARGE' | 'FILE_UNREADABLE'; message: string } };

/** Reads a file as UTF-8, refusing an oversized one from its size alone (it is never read into memory). */
async function readDefinitionText(file: string, maxBytes: number): Promise<ReadResult> {
  try {
    const info = await stat(file);
    if (info.size > maxBytes) return { problem: { code: 'YAML_TOO_LARGE', message: `file is larger than ${maxBytes} bytes` } };
    const bytes = await readFile(file);
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes) return { problem: { code: 'YAML_TOO_LARGE', message: `file is larger than ${maxBytes} bytes` } };
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (e) {
    if (e instanceof TypeError) return { problem: { code: 'FILE_UNREADABLE', message: 'the file is not UTF-8 text' } };
    return { problem: { code: 'FILE_UNREADABLE', message: reasonOf(e) } };
  }
}

/** Root-relative with forward slashes, as diagnostics show paths on every platform. */
export function toProjectPath(root: string, file: string): string {
  const r = path.relative(root, file);
  return (r === '' ? '.' : r).split(path.sep).join('/');
}
