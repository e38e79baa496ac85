// What `runtime fmt` prints: one line per file that changed (with a short diff when only checking), the
// problems of files left alone, and a summary line.
import type { Diagnostic } from '../errors/diagnostic.js';
import type { FormatFilesReport } from './format-files.js';
import { lineDiff } from './line-diff.js';

export interface RenderOptions {
  /** `--check`: nothing was written; changes are shown as diffs. */
  check: boolean;
  color: boolean;
}

export function renderFormatReport(report: FormatFilesReport, { check, color }: RenderOptions): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[39m` : s);
  const out: string[] = [];
  for (const d of report.problems) out.push(...diagnosticLines(d));
  let changed = 0;
  let unchanged = 0;
  let refused = 0;
  for (const r of report.results) {
    switch (r.status) {
      case 'unchanged':
        unchanged++;
        break;
      case 'skipped':
        out.push(`skipped ${printable(r.file)}: ${r.reason}`);
        break;
      case 'refused':
        refused++;
        for (const d of r.diagnostics) out.push(...diagnosticLines(d));
        break;
      case 'changed':
        changed++;
        if (!check) {
          out.push(`formatted ${printable(r.file)}`);
          break;
        }
        out.push(`would reformat ${printable(r.file)}`);
        for (const line of lineDiff(r.before, r.after)) {
          const shown = `    ${printable(line)}`;
          out.push(line.startsWith('-') ? paint(31, shown) : line.startsWith('+') ? paint(32, shown) : shown);
        }
        break;
    }
  }
  const failed = formatFailed(report, check);
  out.push(failed ? paint(31, failureLine(check, changed, refused, unchanged)) : paint(32, successLine(check, changed, unchanged)));
  return `${out.join('\n')}\n`;
}

/** Exit 1: a file was left alone, a path could not be read, or (when checking) a file is not formatted. */
export function formatFailed(report: FormatFilesReport, check: boolean): boolean {
  return (
    report.problems.length > 0 ||
    report.results.some((r) => r.status === 'refused' || (check && r.status === 'changed'))
  );
}

function successLine(check: boolean, changed: number, unchanged: number): string {
  if (check || changed === 0) return `✔ ${files(unchanged)} already formatted`;
  return `✔ ${files(changed)} formatted, ${unchanged} already formatted`;
}

function failureLine(check: boolean, changed: number, refused: number, unchanged: number): string {
  const parts: string[] = [];
  if (check && changed > 0) parts.push(`${files(changed)} not formatted: run \`runtime fmt\``);
  if (!check && changed > 0) parts.push(`${files(changed)} formatted`);
  if (refused > 0) parts.push(`${files(refused)} left alone because of the problems above`);
  parts.push(`${unchanged} already formatted`);
  return `✖ ${parts.join('; ')}`;
}

function files(n: number): string {
  return `${n} file${n === 1 ? '' : 's'}`;
}

function diagnosticLines(d: Diagnostic): string[] {
  const lines = [`${printable(d.file)}:${d.line}:${d.column}  ${d.severity}  ${d.code}  ${printable(d.message)}`];
  if (d.hint) lines.push(`  hint: ${printable(d.hint)}`);
  return lines;
}

/** File names and diff lines come from the project: control characters must not reach the terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '␦');
}
