// GitHub Actions workflow commands, which GitHub shows as annotations on the pull request's files.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { summarize, summaryLine, type Formatter } from './formatter.js';

export const githubFormat: Formatter = {
  name: 'github',
  render(report) {
    const lines = report.diagnostics.map((d) => {
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endColumn=${d.column + d.length}`,
        `title=${escapeProperty(d.code)}`,
      ].join(',');
      const text = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(text)}`;
    });
    // A plain line is only logged by GitHub, never taken as a command.
    lines.push(summaryLine(summarize(report)));
    return `${lines.join('\n')}\n`;
  },
};

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
