// Terminal output: one block per connector (then one for flows), one line per change:
// `BREAKING  github.create_issue  input 'labels' became required  (affects flows/x.yaml:12:7)`.
import { subjectOf, type Change, type DiffReport, type Level, type SideSummary } from './change.js';

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';
const ANSI: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] };
const LEVEL_STYLE: Record<Level, Style> = { breaking: 'red', risky: 'yellow', safe: 'green' };
const LEVEL_WIDTH = 'BREAKING'.length;
const SHOWN_AFFECTS = 4;

export function renderText(report: DiffReport, options: { color: boolean }): string {
  const paint = (style: Style, s: string) => (options.color ? `\x1b[${ANSI[style][0]}m${s}\x1b[${ANSI[style][1]}m` : s);
  const out: string[] = [`Comparing ${printable(report.base.label)} with ${printable(report.head.label)}`];
  for (const [name, side] of [['base', report.base], ['head', report.head]] as const) {
    const note = sideNote(name, side);
    if (note) out.push(paint('yellow', note.title), ...note.lines.map((l) => `  ${paint('dim', printable(l))}`));
  }
  if (report.changes.length === 0) {
    out.push('', 'No changes to connectors or flows.');
    return `${out.join('\n')}\n`;
  }
  for (const group of groupChanges(report)) {
    out.push('', paint('bold', printable(group.title)));
    const width = Math.max(...group.changes.map((c) => subjectOf(c).length));
    for (const c of group.changes) {
      const level = paint(LEVEL_STYLE[c.level], c.level.toUpperCase().padEnd(LEVEL_WIDTH));
      const affects = c.affects.length > 0 ? `  ${paint('dim', `(affects ${affectsText(c)})`)}` : '';
      out.push(`  ${level}  ${printable(subjectOf(c).padEnd(width))}  ${printable(c.message)}${affects}`);
    }
  }
  const { breaking, risky, safe } = report.counts;
  const summary = `${breaking} breaking, ${risky} risky, ${safe} safe`;
  out.push('', paint(breaking > 0 ? 'red' : risky > 0 ? 'yellow' : 'green', summary));
  return `${out.join('\n')}\n`;
}

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

export function sideNote(name: 'base' | 'head', side: SideSummary): { title: string; lines: readonly string[] } | undefined {
  if (side.errors === 0) return undefined;
  const files = side.filesWithErrors;
  const where = files.length === 1 ? files[0] : `${files.length} files`;
  return {
    title: `note: the ${name} side does not validate (${side.errors} error${side.errors === 1 ? '' : 's'} in ${where}); compared as far as the files read`,
    lines: side.firstErrors,
  };
}

function affectsText(c: Change): string {
  const places = c.affects.slice(0, SHOWN_AFFECTS).map((p) => `${p.file}:${p.line}:${p.column}`);
  const more = c.affects.length - SHOWN_AFFECTS;
  return more > 0 ? `${places.join(', ')} and ${more} more` : places.join(', ');
}

/** Definition text is untrusted: control characters could rewrite the terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '␦');
}
