// Test results as a person reads them: one line per case, its failures indented under it, and a summary.
//   ✔ github › create issue returns number and url (12 ms)
//   ✖ github › create issue with labels (3 ms)
//       expected outputs.number 42, got 41
//   1 passed, 1 failed (2 cases, 15 ms)
import type { CaseResult } from './run-test-case.js';
import { caseLabel } from './test-case.js';

type Style = 'red' | 'green' | 'dim';
const ANSI: Record<Style, [number, number]> = { red: [31, 39], green: [32, 39], dim: [2, 22] };

export interface ReportOptions {
  readonly color: boolean;
}

export function formatCaseResult(result: CaseResult, options: ReportOptions): string {
  const paint = painter(options.color);
  const mark = result.passed ? paint('green', '✔') : paint('red', '✖');
  let head = `${mark} ${printable(caseLabel(result.testCase))} ${paint('dim', `(${result.durationMs} ms)`)}`;
  if (result.recorded) head += ` ${paint('dim', `recorded ${result.recorded.interactions} ${result.recorded.interactions === 1 ? 'interaction' : 'interactions'} in ${printable(result.recorded.file)}`)}`;
  const lines = [head];
  for (const failure of result.failures) {
    for (const line of failure.split('\n')) lines.push(`    ${printable(line)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatSummary(results: readonly CaseResult[], durationMs: number, options: ReportOptions): string {
  const paint = painter(options.color);
  const failed = results.filter((r) => !r.passed).length;
  const passed = results.length - failed;
  const text = `${passed} passed, ${failed} failed (${results.length} ${results.length === 1 ? 'case' : 'cases'}, ${Math.round(durationMs)} ms)`;
  return `${paint(failed > 0 ? 'red' : 'green', text)}\n`;
}

function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? `\x1b[${ANSI[style][0]}m${text}\x1b[${ANSI[style][1]}m` : text);
}

/** Names and messages may carry data from a service: control characters never reach the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '␦');
}
