// The parts both human renderers show: the sides as phrases, a note for a side that does not validate, and
// the changes grouped by connector (then user flows).
import type { Change, DiffReport, SideSummary } from './change.js';

/** Connector groups in the report's order, then user flows. */
export function groupChanges(report: DiffReport): { title: string; connector?: string; changes: Change[] }[] {
  const groups: { title: string; connector?: string; changes: Change[] }[] = [];
  for (const v of report.connectors) {
    const changes = report.changes.filter((c) => c.flow === undefined && c.connector === v.name);
    if (changes.length === 0) continue;
    groups.push({ title: `${v.name} ${versionText(v.before, v.after)}`, connector: v.name, changes });
  }
  const flows = report.changes.filter((c) => c.flow !== undefined);
  if (flows.length > 0) groups.push({ title: 'flows', changes: flows });
  return groups;
}

/** `1.0.0`, `1.0.0 -> 2.0.0`, `1.0.0 (new)`, `1.0.0 (removed)`. */
export function versionText(before: string | undefined, after: string | undefined, arrow = '->'): string {
  if (before !== undefined && after !== undefined) return before === after ? before : `${before} ${arrow} ${after}`;
  if (after !== undefined) return `${after} (new)`;
  return `${before ?? ''} (removed)`;
}

/** The side as a phrase: `main (1a2b3c4)`, `the working tree`. */
export function sideText(side: SideSummary): string {
  return side.commit === undefined ? `the ${side.label}` : side.label;
}

export function sideNote(name: 'base' | 'head', side: SideSummary): { title: string; lines: readonly string[] } | undefined {
  if (side.errors === 0) return undefined;
  const files = side.filesWithErrors;
  const where = files.length === 1 ? files[0] : `${files.length} files`;
  return {
    title: `note: the ${name} side does not validate (${side.errors} error${side.errors === 1 ? '' : 's'} in ${where}); compared as far as the files read`,
    lines: side.firstErrors,
  };
}
