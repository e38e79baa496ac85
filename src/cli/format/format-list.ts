// Every output format of diagnostics, selected by `--format <name>`. Adding one touches this list only.
import type { Formatter } from './formatter.js';
import { githubFormat } from './github-format.js';
import { jsonFormat } from './json-format.js';
import { textFormat } from './text-format.js';

export const FORMATTERS: readonly Formatter[] = [textFormat, jsonFormat, githubFormat];

export function formatterNamed(name: string): Formatter | undefined {
  return FORMATTERS.find((f) => f.name === name);
}
