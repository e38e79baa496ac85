// One `--explain` line per rendered template or expression result:
//   connectors/shop.yaml:31:16  shop.get_item  url = /items/1
// The engine masks secrets already; the CLI masks again with every secret it knows, then makes it printable.
import type { ExplainEntry } from '../engine/run-context.js';
import type { Redactor } from '../store/redact.js';
import { clipped } from './terminal-text.js';

const MAX_VALUE_CHARS = 2000;

export function formatExplainLine(entry: ExplainEntry, redactor: Redactor): string {
  const { origin } = entry;
  const value = redactor.redact(entry.value);
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
  const where = `${origin.file}:${origin.line}:${origin.column}`;
  return `${clipped(where, 200)}  ${clipped(entry.step, 200)}  ${clipped(entry.what, 200)} = ${clipped(text, MAX_VALUE_CHARS)}\n`;
}
