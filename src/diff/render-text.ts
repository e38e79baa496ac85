// Terminal output: one block per connector (then one for flows), one line per change:
// `BREAKING  github.create_issue  input 'labels' became required  (affects flows/x.yaml:12:7)`.
import { subjectOf, type Change, type DiffReport, type Level } from './change.js';
import { groupChanges, sideNote, sideText } from './report-sections.js';

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';
const ANSI: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] };
const LEVEL_STYLE: Record<Level, Style> = { breaking: 'red', risky: 'yellow', safe: 'green' };
const LEVEL_WIDTH = 'BREAKING'.length;
const SHOWN_AFFECTS = 4;

export function renderText(report: DiffReport, options: { color: boolean }): string {
  const paint = (style: Style, s: string) => (options.color ? `\x1b[${ANSI[style][0]}m${s}\x1b[${ANSI[style][1]}m` : s);
  const out: string[] = [`Comparing ${printable(sideText(report.base))} with ${printable(sideText(report.head))}`];
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
    for (const c of group.changes) {
      const level = paint(LEVEL_STYLE[c.level], c.level.toUpperCase().padEnd(LEVEL_WIDTH));
      const affects = c.affects.length > 0 ? `  ${paint('dim', `(affects ${affectsText(c)})`)}` : '';
      out.push(`  ${level}  ${printable(subjectOf(c))}  ${printable(c.message)}${affects}`);
    }
  }
  const { breaking, risky, safe } = report.counts;
  const summary = `${breaking} breaking, ${risky} risky, ${safe} safe`;
  out.push('', paint(breaking > 0 ? 'red' : risky > 0 ? 'yellow' : 'green', summary));
  return `${out.join('\n')}\n`;
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
