// What every semantic check gets: the project's files, the name index, the compiled expression and template
// sites, and one way to report. A check is a named function; src/check/index.ts lists them in order.
import type { CompiledSite } from '../compile/compile-context.js';
import type { DefinitionFile } from '../compile/compile-project.js';
import type { PlainRecord } from '../compile/plain-data.js';
import { makeDiagnostic, type DiagnosticCode } from '../errors/codes.js';
import type { Diagnostic, Severity } from '../errors/diagnostic.js';
import type { Path, Position, SourceFile } from '../source/source-file.js';
import type { NameIndex } from './name-index.js';

/** A schema-valid file whose data is a map. */
export interface ParsedFile {
  readonly source: SourceFile;
  readonly kind: 'connector' | 'flow';
  readonly data: PlainRecord;
}

export interface CheckInput {
  readonly root: string;
  readonly files: readonly DefinitionFile[];
  readonly names: NameIndex;
  readonly sites: readonly CompiledSite[];
  readonly diagnostics: Diagnostic[];
}

export interface ReportOptions {
  /** Point at the key of `path` instead of its value. */
  readonly at?: 'key' | 'value';
  readonly hint?: string;
  readonly severity?: Severity;
}

export class CheckContext {
  /** Schema-valid files, sorted by path. */
  readonly files: readonly ParsedFile[];
  /** Every file given, schema-valid or not. */
  readonly allFiles: readonly DefinitionFile[];
  readonly names: NameIndex;
  readonly sites: readonly CompiledSite[];
  readonly root: string;

  constructor(private readonly input: CheckInput) {
    this.root = input.root;
    this.names = input.names;
    this.sites = input.sites;
    this.allFiles = input.files;
    this.files = input.files
      .filter((f) => f.schemaValid && typeof f.source.value === 'object' && f.source.value !== null && !Array.isArray(f.source.value))
      .map((f) => ({ source: f.source, kind: f.kind, data: f.source.value as PlainRecord }))
      .sort((a, b) => a.source.file.localeCompare(b.source.file));
  }

  /** Reports at `path` (its value, or its key with `at: 'key'`). */
  report(source: SourceFile, path: Path, code: DiagnosticCode, message: string, options: ReportOptions = {}): void {
    this.reportAt(source, source.locate(path, options.at ?? 'value'), code, message, options);
  }

  /** Reports at an exact position, e.g. inside an expression. */
  reportAt(source: SourceFile, pos: Position, code: DiagnosticCode, message: string, options: ReportOptions = {}): void {
    this.input.diagnostics.push(makeDiagnostic(code, message, source.file, pos, options.hint, options.severity ?? 'error'));
  }
}

export interface Check {
  readonly name: string;
  run(ctx: CheckContext): void;
}
