// Compares the definitions of two sides (revisions or the working tree): every connector and user flow by
// name, the version rule per connector, then the head's flows that each breaking change affects.
import type { Diagnostic } from '../errors/diagnostic.js';
import { attachAffectedFlows } from './affected-flows.js';
import { countByLevel, type Change, type ConnectorVersions, type DiffReport, type SideSummary } from './change.js';
import { ChangeRecorder } from './change-recorder.js';
import type { DefinitionSet } from './compile-best-effort.js';
import { diffConnector } from './diff-connector.js';
import { diffFlow } from './diff-flows.js';
import { collectFlowUses } from './flow-uses.js';
import { checkVersionRule } from './version-rule.js';

export interface DiffSide {
  readonly summary: SideSummary;
  readonly definitions: DefinitionSet;
}

const SHOWN_ERRORS = 3;

export function diffSides(base: DiffSide, head: DiffSide): DiffReport {
  const changes: Change[] = [];
  const versions: ConnectorVersions[] = [];
  const a = base.definitions;
  const b = head.definitions;

  for (const name of sortedUnion(a.connectors.keys(), b.connectors.keys())) {
    const before = a.connectors.get(name);
    const after = b.connectors.get(name);
    versions.push({ name, ...(before && { before: before.version }), ...(after && { after: after.version }) });
    const own: Change[] = [];
    const rec = new ChangeRecorder(own, { connector: name });
    if (before && after) {
      diffConnector(rec, before, after);
      const version: Change[] = [];
      checkVersionRule(new ChangeRecorder(version, { connector: name }), before, after, own);
      own.unshift(...version);
    } else if (before) {
      if (b.unusable.has(before.file)) rec.add('risky', 'definition-unreadable', `${before.file} cannot be read on the head side: not compared`, { at: before.origin });
      else rec.add('breaking', 'connector-removed', 'connector removed', { at: before.origin, impact: { on: 'connector' } });
    } else if (after) {
      if (a.unusable.has(after.file)) rec.add('risky', 'definition-unreadable', `${after.file} cannot be read on the base side: not compared`, { at: after.origin });
      else rec.add('safe', 'connector-added', `connector added (version ${after.version})`, { at: after.origin });
    }
    changes.push(...groupByElement(own));
  }

  for (const name of sortedUnion(a.flows.keys(), b.flows.keys())) {
    const before = a.flows.get(name);
    const after = b.flows.get(name);
    const rec = new ChangeRecorder(changes, { flow: name });
    if (before && !after && b.unusable.has(before.file)) {
      rec.add('risky', 'definition-unreadable', `${before.file} cannot be read on the head side: not compared`, { at: before.origin });
    } else if (after && !before && a.unusable.has(after.file)) {
      rec.add('risky', 'definition-unreadable', `${after.file} cannot be read on the base side: not compared`, { at: after.origin });
    } else {
      diffFlow(rec, before, after);
    }
  }

  attachAffectedFlows(changes, collectFlowUses(b.flows.values()));
  return { base: base.summary, head: head.summary, connectors: versions, changes, counts: countByLevel(changes) };
}

export function summarizeSide(
  identity: { label: string; revision?: string; commit?: string },
  diagnostics: readonly Diagnostic[],
): SideSummary {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return {
    label: identity.label,
    ...(identity.revision !== undefined && { revision: identity.revision }),
    ...(identity.commit !== undefined && { commit: identity.commit }),
    errors: errors.length,
    warnings: diagnostics.length - errors.length,
    filesWithErrors: [...new Set(errors.map((d) => d.file))].sort(),
    firstErrors: errors.slice(0, SHOWN_ERRORS).map((d) => `${d.file}:${d.line}:${d.column}  ${d.code}  ${d.message}`),
  };
}

/** Connector-wide changes first, then cards, helpers and system flows by name; found order within each. */
function groupByElement(changes: Change[]): Change[] {
  const rank = (c: Change) => (!c.element ? 0 : c.element.kind === 'helper' ? 2 : c.element.kind === 'system' ? 3 : 1);
  return [...changes].sort((x, y) => {
    const r = rank(x) - rank(y);
    if (r !== 0) return r;
    const nx = x.element?.name ?? '';
    const ny = y.element?.name ?? '';
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  });
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
