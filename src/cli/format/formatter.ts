// What every output format receives and returns. Formatters only render: they never decide what is a problem.
import type { Diagnostic } from '../../errors/diagnostic.js';

export interface ValidationReport {
  /** Sorted. */
  diagnostics: readonly Diagnostic[];
  /** How many definition files were checked. */
  fileCount: number;
  /** The text of a line of a file that was read, for code frames; undefined when unknown. */
  lineText(file: string, line: number): string | undefined;
}

export interface FormatOptions {
  color: boolean;
}

export interface Formatter {
  readonly name: string;
  render(report: ValidationReport, options: FormatOptions): string;
}

export interface ReportSummary {
  files: number;
  errors: number;
  warnings: number;
  filesWithProblems: number;
}

export function summarize(report: ValidationReport): ReportSummary {
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    files: report.fileCount,
    errors,
    warnings: report.diagnostics.length - errors,
    filesWithProblems: new Set(report.diagnostics.map((d) => d.file)).size,
  };
}

/** `✖ 3 errors, 1 warning in 2 files` or `✔ 12 files valid`, the last line of text output. */
export function summaryLine(s: ReportSummary): string {
  if (s.errors > 0) {
    const warnings = s.warnings > 0 ? `, ${count(s.warnings, 'warning')}` : '';
    return `✖ ${count(s.errors, 'error')}${warnings} in ${count(s.filesWithProblems, 'file')}`;
  }
  const valid = `✔ ${count(s.files, 'file')} valid`;
  return s.warnings > 0 ? `${valid}, ${count(s.warnings, 'warning')} in ${count(s.filesWithProblems, 'file')}` : valid;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
