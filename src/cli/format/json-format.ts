// Machine output: every diagnostic with a fixed key order, then the summary. endColumn is exclusive.
import { summarize, type Formatter } from './formatter.js';

export const jsonFormat: Formatter = {
  name: 'json',
  render(report) {
    const diagnostics = report.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      endColumn: d.column + d.length,
      hint: d.hint ?? null,
    }));
    return `${JSON.stringify({ diagnostics, summary: summarize(report) }, null, 2)}\n`;
  },
};
