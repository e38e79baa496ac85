// Finds every step list of a definition file (the root bodies: cards, webhook and polling flows, system
// flows, helpers, a user flow's steps) and walks their steps in document order, nested bodies included.
import { asRecord, entriesOf, isRecord, valueAt, type PlainRecord } from '../compile/plain-data.js';
import { NESTED_BODIES, stepKindsOf } from '../compile/step-kinds.js';
import type { StepKind } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import type { ParsedFile } from './check-context.js';

export type BodyOwnerKind = 'action' | 'event' | 'helper' | 'system' | 'flow';

export interface RootBody {
  /** Path of the step list. */
  readonly path: Path;
  readonly owner: { readonly kind: BodyOwnerKind; readonly name: string };
}

export interface StepVisit {
  readonly step: PlainRecord;
  /** Path of the step itself. */
  readonly path: Path;
  /** Path of the list the step is in, and its index there. */
  readonly listPath: Path;
  readonly index: number;
  readonly kinds: readonly StepKind[];
}

export function rootBodies(file: ParsedFile): RootBody[] {
  const d = file.data;
  if (file.kind === 'flow') return [{ path: ['steps'], owner: { kind: 'flow', name: String(d.name ?? '') } }];
  const out: RootBody[] = [];
  for (const [name] of entriesOf(d.actions)) out.push({ path: ['actions', name, 'steps'], owner: { kind: 'action', name } });
  for (const [name, event] of entriesOf(d.events)) {
    const owner = { kind: 'event' as const, name };
    const webhook = asRecord(asRecord(event)?.webhook);
    for (const flow of ['register', 'deregister', 'find']) {
      if (isRecord(webhook?.[flow])) out.push({ path: ['events', name, 'webhook', flow, 'steps'], owner });
    }
    if (isRecord(asRecord(event)?.polling)) out.push({ path: ['events', name, 'polling', 'steps'], owner });
  }
  for (const [name] of entriesOf(d.system)) out.push({ path: ['system', name, 'steps'], owner: { kind: 'system', name } });
  for (const [name] of entriesOf(d.helpers)) out.push({ path: ['helpers', name, 'steps'], owner: { kind: 'helper', name } });
  return out;
}

/** Visits the steps of the list at `listPath`, each before the steps nested in it. */
export function walkSteps(data: unknown, listPath: Path, visit: (v: StepVisit) => void): void {
  const list = valueAt(data, listPath);
  if (!Array.isArray(list)) return;
  list.forEach((raw, index) => {
    const path = [...listPath, index];
    const kinds = stepKindsOf(raw);
    const step = isRecord(raw) ? raw : {};
    visit({ step, path, listPath, index, kinds });
    for (const kind of kinds) {
      for (const nested of NESTED_BODIES[kind] ?? []) walkSteps(data, [...path, ...nested], visit);
    }
  });
}

/** Every step of every root body of the file. */
export function forEachStep(file: ParsedFile, visit: (v: StepVisit, body: RootBody) => void): void {
  for (const body of rootBodies(file)) walkSteps(file.data, body.path, (v) => visit(v, body));
}

/** True when `prefix` is a leading part of `path`. */
export function startsWithPath(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}
