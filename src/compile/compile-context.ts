// Compiles the pieces of one definition file: origins, expressions, templates, durations and sizes, each
// problem reported as a diagnostic at its place in the file. Every compiled expression and template is also
// recorded as a site, so the reference checks see exactly what the compiler compiled.
import { compileExpression } from '../expr/compile-expression.js';
import { compileTemplate, compileTemplateValue } from '../template/compile-template.js';
import { makeDiagnostic } from '../errors/codes.js';
import type { Diagnostic, Severity } from '../errors/diagnostic.js';
import type { Expression, Origin, Scope, Template, TemplateValue } from '../model/model.js';
import type { Path, SourceFile } from '../source/source-file.js';
import { parseByteSize, parseDuration } from './parse-quantity.js';
import { entriesOf, valueAt } from './plain-data.js';

/**
 * What a text is evaluated over: `scope` is the running flow's scope (inputs, options, connection, steps, ...);
 * `data` is something else (an HTTP response, one record, an incoming webhook request), so names in it are
 * not scope references.
 */
export type ReadsFrom = 'scope' | 'data';

export interface CompiledSite {
  readonly file: SourceFile;
  readonly path: Path;
  readonly language: 'expression' | 'template';
  readonly reads: ReadsFrom;
  readonly compiled: Expression | Template;
}

/** Where compiled files put their findings. */
export interface CompileSink {
  readonly diagnostics: Diagnostic[];
  readonly sites: CompiledSite[];
}

export interface ConnectorDefaults {
  /** The connector's request timeout, the default of every request step. */
  readonly requestTimeoutMs: number;
}

export class CompileContext {
  constructor(
    readonly root: string,
    readonly source: SourceFile,
    private readonly sink: CompileSink,
    readonly defaults: ConnectorDefaults = { requestTimeoutMs: 30_000 },
  ) {}

  get file(): string {
    return this.source.file;
  }

  withDefaults(defaults: ConnectorDefaults): CompileContext {
    return new CompileContext(this.root, this.source, this.sink, defaults);
  }

  get(path: Path): unknown {
    return valueAt(this.source.value, path);
  }

  has(path: Path): boolean {
    const v = this.get(path);
    return v !== undefined && v !== null;
  }

  /** Named entries point at their name, list items at the item. */
  origin(path: Path): Origin {
    const pos = this.source.locate(path, 'key');
    return { file: this.source.file, line: pos.line, column: pos.column };
  }

  report(code: string, message: string, path: Path, at: 'key' | 'value' = 'value', hint?: string, severity: Severity = 'error'): void {
    this.sink.diagnostics.push(makeDiagnostic(code, message, this.source.file, this.source.locate(path, at), hint, severity));
  }

  /** The JSONata expression at `path`; an unusable placeholder after a reported problem (no model is built then). */
  expression(path: Path, reads: ReadsFrom = 'scope'): Expression {
    const text = textOf(this.get(path));
    const origin = this.textOrigin(path);
    if (text === undefined) {
      // The schema requires these; this only guards a shape it let through.
      if (this.get(path) === undefined) this.report('DEF_MISSING_PROPERTY', `missing required property '${String(path[path.length - 1])}'`, path.slice(0, -1), 'key');
      else this.report('DEF_TYPE', 'expected a JSONata expression (text)', path);
      return brokenExpression('', origin);
    }
    const result = compileExpression(text, origin);
    if (!result.ok) {
      const { problem } = result;
      const pos = this.source.locateInScalar(path, problem.offset, problem.length);
      this.sink.diagnostics.push(makeDiagnostic(problem.code, problem.message, this.source.file, pos));
      return brokenExpression(text, origin);
    }
    this.sink.sites.push({ file: this.source, path, language: 'expression', reads, compiled: result.expression });
    return result.expression;
  }

  optionalExpression(path: Path, reads: ReadsFrom = 'scope'): Expression | undefined {
    return this.has(path) ? this.expression(path, reads) : undefined;
  }

  /** An expression the format supplies when the author wrote none (e.g. pagination items default to `body`). */
  impliedExpression(text: string, at: Path): Expression {
    const origin = this.textOrigin(at);
    const result = compileExpression(text, origin);
    return result.ok ? result.expression : brokenExpression(text, origin);
  }

  expressionMap(path: Path, reads: ReadsFrom = 'scope'): Record<string, Expression> {
    const out: Record<string, Expression> = {};
    for (const [key] of entriesOf(this.get(path))) out[key] = this.expression([...path, key], reads);
    return out;
  }

  template(path: Path, reads: ReadsFrom = 'scope'): Template {
    const text = templateTextOf(this.get(path));
    return this.templateFrom(text, path, reads) ?? brokenTemplate(text, this.textOrigin(path));
  }

  optionalTemplate(path: Path, reads: ReadsFrom = 'scope'): Template | undefined {
    return this.has(path) ? this.template(path, reads) : undefined;
  }

  templateMap(path: Path, reads: ReadsFrom = 'scope'): Record<string, Template> {
    const out: Record<string, Template> = {};
    for (const [key] of entriesOf(this.get(path))) out[key] = this.template([...path, key], reads);
    return out;
  }

  /** A YAML structure whose string leaves are templates (a JSON body). */
  templateValue(path: Path, reads: ReadsFrom = 'scope'): TemplateValue {
    return compileTemplateValue(this.get(path), (text, sub) => this.templateFrom(text, [...path, ...sub], reads));
  }

  /** Milliseconds of the duration at `path`, or `fallback` when absent. */
  duration(path: Path, fallback: number): number;
  duration(path: Path, fallback?: number): number | undefined;
  duration(path: Path, fallback?: number): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return fallback;
    const ms = parseDuration(v);
    if (ms === undefined) {
      this.report('DURATION_INVALID', `'${String(v).slice(0, 40)}' is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m, 2h or 7d`, path);
      return fallback ?? 0;
    }
    return ms;
  }

  byteSize(path: Path, fallback: number): number {
    const v = this.get(path);
    if (v === undefined || v === null) return fallback;
    const bytes = parseByteSize(v);
    if (bytes === undefined) {
      this.report('DEF_INVALID_VALUE', `'${String(v).slice(0, 40)}' is not a size: write a whole number and a unit, e.g. 512kb or 1mb`, path);
      return fallback;
    }
    return bytes;
  }

  private templateFrom(text: string, path: Path, reads: ReadsFrom): Template | undefined {
    const result = compileTemplate(text, this.textOrigin(path));
    if (!result.ok) {
      const { problem } = result;
      const pos = this.source.locateInScalar(path, problem.offset, problem.length);
      this.sink.diagnostics.push(makeDiagnostic(problem.code, problem.message, this.source.file, pos));
      return undefined;
    }
    this.sink.sites.push({ file: this.source, path, language: 'template', reads, compiled: result.template });
    return result.template;
  }

  private textOrigin(path: Path): Origin {
    const pos = this.source.locate(path, 'value');
    return { file: this.source.file, line: pos.line, column: pos.column };
  }
}

/** Scalars other than strings are written as JSONata literals (`total: 5`). */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return undefined;
}

function templateTextOf(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

// Placeholders stand in for a text that did not compile. A diagnostic was reported, so no model is returned
// and these are never run; they only let the rest of the file compile and report its own problems.
function brokenExpression(source: string, origin: Origin): Expression {
  return {
    source,
    origin,
    evaluate(_scope: Scope): Promise<unknown> {
      return Promise.reject(new Error('expression did not compile'));
    },
  };
}

function brokenTemplate(source: string, origin: Origin): Template {
  return {
    source,
    origin,
    isLiteral: false,
    render(_scope: Scope): string {
      throw new Error('template did not compile');
    },
    renderValue(_scope: Scope): unknown {
      throw new Error('template did not compile');
    },
  };
}
