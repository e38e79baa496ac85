// Loads definitions from texts held in memory (e.g. read from a git revision) instead of files on disk, through
// the same stages as loadProject: parse YAML -> detect kind -> validate against the schema -> compile.
import path from 'node:path';
import { makeDiagnostic } from '../errors/codes.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { SourceFile, DEFAULT_SOURCE_LIMITS, type SourceLimits } from '../source/source-file.js';
import { validateDefinition } from '../schema/validate-definition.js';
import { compileProject, type DefinitionFile } from '../compile/compile-project.js';
import { detectKind } from './detect-kind.js';
import type { LoadedProject, LoadOptions } from './load-project.js';

/** One definition file: its root-relative path (forward slashes) and its text, or why it could not be read. */
export type DefinitionText =
  | { file: string; text: string }
  | { file: string; problem: { code: 'YAML_TOO_LARGE' | 'FILE_UNREADABLE'; message: string } };

/** `root` is the absolute project root the model's paths are relative to; no file under it is read. */
export function loadDefinitionTexts(root: string, texts: readonly DefinitionText[], options: LoadOptions = {}): LoadedProject {
  const absRoot = path.resolve(root);
  const limits: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...options.limits };
  const diagnostics: Diagnostic[] = [];
  const at1 = { line: 1, column: 1, length: 1 };
  const sorted = [...texts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const sources = new Map<string, SourceFile>();
  const definitions: DefinitionFile[] = [];
  for (const entry of sorted) {
    if ('problem' in entry) {
      diagnostics.push(makeDiagnostic(entry.problem.code, entry.problem.message, entry.file, at1));
      continue;
    }
    const source = new SourceFile(entry.file, entry.text, limits);
    sources.set(entry.file, source);
    diagnostics.push(...source.diagnostics);
    const kind = detectKind(source);
    if (source.diagnostics.length > 0) {
      if ('kind' in kind) definitions.push({ source, kind: kind.kind, schemaValid: false });
      continue;
    }
    if ('diagnostic' in kind) {
      diagnostics.push(kind.diagnostic);
      continue;
    }
    const schemaDiagnostics = validateDefinition(source, kind.kind);
    diagnostics.push(...schemaDiagnostics);
    definitions.push({ source, kind: kind.kind, schemaValid: !hasErrors(schemaDiagnostics) });
  }

  const compiled = compileProject(absRoot, definitions);
  diagnostics.push(...compiled.diagnostics);
  diagnostics.sort(compareDiagnostics);
  const result: LoadedProject = { diagnostics, sources, files: sorted.map((t) => t.file) };
  if (compiled.model && !hasErrors(diagnostics)) result.model = compiled.model;
  return result;
}
