// Human output: one block per diagnostic with a code frame under it, then a one-line summary.
import { codeFrame } from '../../source/code-frame.js';
import type { Diagnostic } from '../../errors/diagnostic.js';
import { summarize, summaryLine, type Formatter, type ValidationReport } from './formatter.js';

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';
const ANSI: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] };

export const textFormat: Formatter = {
  name: 'text',
  render(report, { color }) {
    const paint = (style: Style, s: string) => (color ? `\x1b[${ANSI[style][0]}m${s}\x1b[${ANSI[style][1]}m` : s);
    const blocks = report.diagnostics.map((d) => renderOne(d, report, paint));
    const summary = summarize(report);
    blocks.push(paint(summary.errors > 0 ? 'red' : 'green', summaryLine(summary)));
    return `${blocks.join('\n\n')}\n`;
  },
};

function renderOne(d: Diagnostic, report: ValidationReport, paint: (style: Style, s: string) => string): string {
  const severity = paint(d.severity === 'error' ? 'red' : 'yellow', d.severity);
  const rows = [`${paint('bold', `${printable(d.file)}:${d.line}:${d.column}`)}  ${severity}  ${paint('dim', d.code)}  ${printable(d.message)}`];
  const raw = report.lineText(d.file, d.line);
  const line = raw === undefined ? undefined : printable(raw);
  if (line !== undefined) {
    const frame = codeFrame(() => line, d.line, d.column, d.length).split('\n');
    const caretRow = frame.pop() ?? '';
    const bar = caretRow.indexOf('|') + 2;
    rows.push(...frame, caretRow.slice(0, bar) + paint(d.severity === 'error' ? 'red' : 'yellow', caretRow.slice(bar)));
  }
  if (d.hint) rows.push(`  hint: ${printable(d.hint)}`);
  return rows.join('\n');
}

/**
 * Definition text is untrusted: control characters (escape sequences could rewrite the terminal) are shown
 * as `␦`, one character each so carets still line up. Tabs stay: the code frame turns them into spaces.
 */
function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '␦');
}
