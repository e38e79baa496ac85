// The output formats of `runtime diff`, in the order `--help` lists them; the first is the default.
import type { DiffReport } from './change.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

export interface DiffFormat {
  readonly name: string;
  render(report: DiffReport, options: { color: boolean }): string;
}

export const DIFF_FORMATS: readonly DiffFormat[] = [
  { name: 'text', render: renderText },
  { name: 'markdown', render: (report) => renderMarkdown(report) },
  { name: 'json', render: (report) => renderJson(report) },
];

export function diffFormatNamed(name: string): DiffFormat | undefined {
  return DIFF_FORMATS.find((f) => f.name === name);
}
