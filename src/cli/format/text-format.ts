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
  if (raw !== undefined) {
    const { text, column, length } = frameWindow(printable(raw), d.column, d.length);
    const frame = codeFrame(() => text, d.line, column, length).split('\n');
    const caretRow = frame.pop() ?? '';
    const bar = caretRow.indexOf('|') + 2;
    rows.push(...frame, caretRow.slice(0, bar) + paint(d.severity === 'error' ? 'red' : 'yellow', caretRow.slice(bar)));
  }
  if (d.hint) rows.push(`  hint: ${printable(d.hint)}`);
  return rows.join('\n');
}

/** Longest source line shown in a code frame; a minified or hostile line is cut around the column. */
const MAX_FRAME_WIDTH = 160;

function frameWindow(line: string, column: number, length: number): { text: string; column: number; length: number } {
  if (line.length <= MAX_FRAME_WIDTH) return { text: line, column, length };
  const start = Math.max(0, Math.min(column - 1 - MAX_FRAME_WIDTH / 3, line.length - MAX_FRAME_WIDTH));
  const cutLeft = start > 0;
  const cutRight = start + MAX_FRAME_WIDTH < line.length;
  const text = `${cutLeft ? '…' : ''}${line.slice(start, start + MAX_FRAME_WIDTH)}${cutRight ? '…' : ''}`;
  const shifted = column - start + (cutLeft ? 1 : 0);
  const visible = Math.max(1, Math.min(length, MAX_FRAME_WIDTH - (column - 1 - start)));
  return { text, column: shifted, length: visible };
}

/**
 * Definition text is untrusted: control characters (escape sequences could rewrite the terminal) are shown
 * as `␦`, one character each so carets still line up. Tabs stay: the code frame turns them into spaces.
 */
function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '␦');
}
