// Names, for each breaking change, the places in the head's user flows that it breaks: the action steps and
// triggers that use the card (or map the input, or set the option), or the expressions that read the output.
import type { AffectedPlace, Change, Impact } from './change.js';
import { fingerprint } from './fingerprint.js';
import type { CardUse, FlowUses } from './flow-uses.js';

export function attachAffectedFlows(changes: readonly Change[], uses: FlowUses): void {
  for (const change of changes) {
    if (change.level !== 'breaking' || !change.impact || change.connector === undefined) continue;
    change.affects = sortedUnique(affectedPlaces(change, change.impact, uses));
  }
}

function affectedPlaces(change: Change, impact: Impact, all: FlowUses): AffectedPlace[] {
  const ofConnector = all.uses.filter((u) => u.connector === change.connector);
  const element = change.element;
  const ofCard =
    element && (element.kind === 'action' || element.kind === 'event')
      ? ofConnector.filter((u) => u.card === element.name && u.as === (element.kind === 'action' ? 'action' : 'trigger'))
      : [];
  const at = (u: CardUse): AffectedPlace => ({ flow: u.flow, ...u.place });
  switch (impact.on) {
    case 'connector':
      return ofConnector.map(at);
    case 'card':
      return ofCard.map(at);
    case 'input-mapped':
      return ofCard.filter((u) => u.inputs.has(impact.input)).map(at);
    case 'input-unmapped':
      return ofCard.filter((u) => u.as === 'action' && !u.inputs.has(impact.input)).map(at);
    case 'option-set':
      return ofCard.filter((u) => optionIsSet(u, impact.option, impact.values)).map(at);
    case 'option-unset':
      return ofCard.filter((u) => !optionIsSet(u, impact.option)).map(at);
    case 'trigger-via':
      return ofCard.filter((u) => u.as === 'trigger' && u.via === impact.via).map(at);
    case 'output-read':
      return ofCard.flatMap((u) => outputReads(u, impact.path, all));
  }
}

/** Reads of `steps.<id>.<output path>` (actions) or `trigger.<output path>` (events) in the flow of the use. */
function outputReads(use: CardUse, output: readonly string[], all: FlowUses): AffectedPlace[] {
  const reads = all.reads.get(use.flow) ?? [];
  const out: AffectedPlace[] = [];
  for (const read of reads) {
    const p = read.path;
    const rest =
      use.as === 'trigger'
        ? p[0] === 'trigger' ? p.slice(1) : undefined
        : p[0] === 'steps' && p[1] !== undefined && use.outputIds.includes(p[1]) ? p.slice(2) : undefined;
    if (rest && overlaps(rest, output)) out.push({ flow: use.flow, ...read.place });
  }
  return out;
}

/** A read of the whole object (a shorter path) also reads the field. */
function overlaps(read: readonly string[], output: readonly string[]): boolean {
  const n = Math.min(read.length, output.length);
  for (let i = 0; i < n; i++) if (read[i] !== output[i]) return false;
  return true;
}

function optionIsSet(use: CardUse, option: string, values?: readonly unknown[]): boolean {
  if (!Object.prototype.hasOwnProperty.call(use.options, option)) return false;
  const value = use.options[option];
  if (value === null || value === undefined) return false;
  return !values || values.some((v) => fingerprint(v) === fingerprint(value));
}

function sortedUnique(places: AffectedPlace[]): AffectedPlace[] {
  const seen = new Map<string, AffectedPlace>();
  for (const p of places) seen.set(`${p.file}\u0000${p.line}\u0000${p.column}`, p);
  return [...seen.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
