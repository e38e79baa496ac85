// A pull-request comment: the counts per connector in a table, then one table of changes per connector and
// one for user flows. Definition text is escaped so it cannot add markup, links or HTML to the comment.
import { subjectOf, type Change, type DiffReport, type Level } from './change.js';
import { groupChanges, sideNote, sideText, versionText } from './report-sections.js';

const SHOWN_AFFECTS = 10;

export function renderMarkdown(report: DiffReport): string {
  const { breaking, risky, safe } = report.counts;
  const out: string[] = [];
  const total = report.changes.length === 0 ? 'no changes' : `${breaking} breaking, ${risky} risky, ${safe} safe`;
  out.push(`## Connector review: ${total}`, '');
  out.push(`Comparing ${text(sideText(report.base))} with ${text(sideText(report.head))}.`);
  for (const [name, side] of [['base', report.base], ['head', report.head]] as const) {
    const note = sideNote(name, side);
    if (!note) continue;
    out.push('', `> **Note:** ${text(note.title.replace(/^note: /, ''))}`);
    for (const line of note.lines) out.push(`> - ${code(line)}`);
  }
  const groups = groupChanges(report);
  if (groups.length === 0) return `${out.join('\n')}\n`;

  out.push('', '| | Breaking | Risky | Safe |', '|---|---:|---:|---:|');
  for (const g of groups) {
    const n = count(g.changes);
    out.push(`| ${groupTitle(g.title, g.connector, report)} | ${n.breaking} | ${n.risky} | ${n.safe} |`);
  }
  out.push(`| **Total** | **${breaking}** | **${risky}** | **${safe}** |`);

  for (const g of groups) {
    out.push('', `### ${groupTitle(g.title, g.connector, report)}`, '', '| Level | Where | Change | Affected flows |', '|---|---|---|---|');
    for (const c of g.changes) out.push(`| ${levelCell(c.level)} | ${code(subjectOf(c))} | ${text(c.message)} | ${affectsCell(c)} |`);
  }
  return `${out.join('\n')}\n`;
}

function groupTitle(title: string, connector: string | undefined, report: DiffReport): string {
  if (connector === undefined) return 'Flows';
  const v = report.connectors.find((x) => x.name === connector);
  return `${code(connector)} ${text(versionText(v?.before, v?.after, '→'))}`;
}

function levelCell(level: Level): string {
  return level === 'breaking' ? '**breaking**' : level;
}

function affectsCell(c: Change): string {
  if (c.affects.length === 0) return '';
  const shown = c.affects.slice(0, SHOWN_AFFECTS).map((p) => code(`${p.file}:${p.line}:${p.column}`));
  const more = c.affects.length - SHOWN_AFFECTS;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function count(changes: readonly Change[]): Record<Level, number> {
  const n: Record<Level, number> = { breaking: 0, risky: 0, safe: 0 };
  for (const c of changes) n[c.level]++;
  return n;
}

/** Plain text in a table cell: no markup, no HTML, no line breaks. */
function text(s: string): string {
  return oneLine(s)
    .replace(/ -> /g, ' → ')
    .replace(/[\\`*_[\]<>#!|~]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`))
    .replace(/&(?!lt;|gt;)/g, '&amp;');
}

/** A code span; backticks inside are replaced (a span cannot hold them safely), pipes escaped for tables. */
function code(s: string): string {
  return `\`${oneLine(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
