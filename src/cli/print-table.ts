// Plain aligned columns for listings: a header row, then one row per entry, two spaces between columns.
// Cells are made printable and cut to a width, so a long or hostile value cannot break the layout.
import { clipped } from './terminal-text.js';

const MAX_CELL = 60;

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], maxCell = MAX_CELL): string {
  const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => headers.map((_, i) => clipped(r[i] ?? '', maxCell)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...r[i]!].length)));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  ').trimEnd())
    .join('\n') + '\n';
}

/** `key   value` lines, keys padded to one width (for `show` commands). */
export function formatPairs(pairs: readonly (readonly [string, string])[], indent = ''): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`.trimEnd()).join('\n') + '\n';
}
