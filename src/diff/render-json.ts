// Machine output with a stable shape: every key is always present (null when it does not apply), changes in
// the report's order. `format` names the shape; a change to it gets a new number.
import { subjectOf, type Change, type DiffReport, type SideSummary } from './change.js';

export const JSON_FORMAT = 'runtime-diff/1';

export function renderJson(report: DiffReport): string {
  const data = {
    format: JSON_FORMAT,
    base: side(report.base),
    head: side(report.head),
    counts: { breaking: report.counts.breaking, risky: report.counts.risky, safe: report.counts.safe },
    connectors: report.connectors.map((c) => ({ name: c.name, before: c.before ?? null, after: c.after ?? null })),
    changes: report.changes.map(change),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

function side(s: SideSummary) {
  return {
    label: s.label,
    revision: s.revision ?? null,
    commit: s.commit ?? null,
    errors: s.errors,
    warnings: s.warnings,
    filesWithErrors: [...s.filesWithErrors],
    firstErrors: [...s.firstErrors],
  };
}

function change(c: Change) {
  return {
    level: c.level,
    kind: c.kind,
    subject: subjectOf(c),
    connector: c.connector ?? null,
    element: c.element ? { kind: c.element.kind, name: c.element.name } : null,
    flow: c.flow ?? null,
    message: c.message,
    before: c.before ?? null,
    after: c.after ?? null,
    at: c.at ? { file: c.at.file, line: c.at.line, column: c.at.column } : null,
    affects: c.affects.map((a) => ({ flow: a.flow, file: a.file, line: a.line, column: a.column })),
  };
}
