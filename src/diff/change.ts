// One classified difference between two revisions of the definitions, and the report that holds them all.
// Changes are data: the renderers (text, Markdown, JSON) only print them.

/** From most to least serious; `--fail-on` compares with this order. */
export const LEVELS = ['breaking', 'risky', 'safe'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** A place in a definition file (1-based). */
export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The part of a connector a change is about; absent for connector-wide changes. */
export interface Element {
  readonly kind: 'action' | 'event' | 'helper' | 'system';
  readonly name: string;
}

/** A place in a user flow that a breaking change affects: a step, an expression reading an output, a trigger. */
export interface AffectedPlace extends Place {
  readonly flow: string;
}

/**
 * Which uses in user flows a breaking change affects. Decided where the change is found, resolved against the
 * head's flows afterwards. Never rendered.
 */
export type Impact =
  | { readonly on: 'connector' }
  | { readonly on: 'card' }
  | { readonly on: 'input-mapped'; readonly input: string }
  | { readonly on: 'input-unmapped'; readonly input: string }
  | { readonly on: 'option-set'; readonly option: string; readonly values?: readonly unknown[] }
  | { readonly on: 'option-unset'; readonly option: string }
  | { readonly on: 'output-read'; readonly path: readonly string[] }
  | { readonly on: 'trigger-via'; readonly via: 'webhook' | 'polling' };

export interface Change {
  readonly level: Level;
  /** Stable identifier of what changed, e.g. `input-required`, `auth-scopes-removed`, `flow-trigger-changed`. */
  readonly kind: string;
  readonly connector?: string;
  readonly element?: Element;
  /** For changes of a user flow. */
  readonly flow?: string;
  /** One line for people: `input 'labels' became required`. */
  readonly message: string;
  readonly before?: string;
  readonly after?: string;
  /** Where the changed thing is defined: in the head, or in the base when it was removed. */
  readonly at?: Place;
  readonly impact?: Impact;
  /** Filled for breaking changes: the places in the head's user flows that the change affects. */
  affects: AffectedPlace[];
}

/** What a change is about, as shown at the start of its line: `github.create_issue`, `github`, `flow nightly`. */
export function subjectOf(change: Change): string {
  if (change.flow !== undefined) return `flow ${change.flow}`;
  const connector = change.connector ?? '';
  if (!change.element) return connector;
  if (change.element.kind === 'system') return `${connector}.system.${change.element.name}`;
  return `${connector}.${change.element.name}`;
}

export interface SideSummary {
  /** For people: `merge base with main (1a2b3c4)`, `HEAD~1 (1a2b3c4)`, `working tree`. */
  readonly label: string;
  /** As given on the command line, or absent for the default base and the working tree. */
  readonly revision?: string;
  /** Full commit id; absent for the working tree. */
  readonly commit?: string;
  readonly errors: number;
  readonly warnings: number;
  /** Files with at least one error, root-relative. */
  readonly filesWithErrors: readonly string[];
  /** The first few errors, `file:line:column  CODE  message`. */
  readonly firstErrors: readonly string[];
}

export interface ConnectorVersions {
  readonly name: string;
  readonly before?: string;
  readonly after?: string;
}

export interface DiffReport {
  readonly base: SideSummary;
  readonly head: SideSummary;
  /** Every connector on either side, by name. */
  readonly connectors: readonly ConnectorVersions[];
  /** Connector changes grouped by connector then element, then user flow changes by flow. */
  readonly changes: readonly Change[];
  readonly counts: Readonly<Record<Level, number>>;
}

export function countByLevel(changes: readonly Change[]): Record<Level, number> {
  const counts: Record<Level, number> = { breaking: 0, risky: 0, safe: 0 };
  for (const c of changes) counts[c.level]++;
  return counts;
}

/** True when a change at `threshold` or more serious exists. */
export function reachesLevel(changes: readonly Change[], threshold: Level): boolean {
  return changes.some((c) => levelRank(c.level) <= levelRank(threshold));
}
