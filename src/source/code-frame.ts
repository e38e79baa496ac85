// The short source excerpt under a diagnostic: the line itself and a caret under the range.
export function codeFrame(lineText: (line: number) => string, line: number, column: number, length: number): string {
  const gutter = String(line).length;
  const rows = [`${String(line).padStart(gutter + 2)} | ${expandTabs(lineText(line))}`];
  const marker = ' '.repeat(column - 1) + '^'.repeat(Math.max(1, length));
  rows.push(`${' '.repeat(gutter + 2)} | ${marker}`);
  return rows.join('\n');
}

function expandTabs(s: string): string {
  return s.replace(/\t/g, ' ');
}
