// Where user flows use connectors: action steps and event triggers (with the inputs they map and the options
// they set), and every scope path their expressions and templates read, so a removed output can be traced
// to the expression that reads `steps.<id>.<output>` or `trigger.<output>`.
import { expressionReferences } from '../expr/compile-expression.js';
import type { Expression, Origin, Step, Template, UserFlow } from '../model/model.js';
import { templateReferences } from '../template/compile-template.js';
import type { Place } from './change.js';
import { walkModelSteps } from './walk-model-steps.js';

export interface CardUse {
  readonly flow: string;
  readonly place: Place;
  readonly connector: string;
  readonly card: string;
  readonly as: 'action' | 'trigger';
  /** Triggers only. */
  readonly via?: 'webhook' | 'polling';
  /** Step ids under which the action's output is visible (its own, and a `try` it ends). */
  readonly outputIds: readonly string[];
  readonly inputs: ReadonlySet<string>;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ScopeRead {
  readonly place: Place;
  readonly path: readonly string[];
}

export interface FlowUses {
  readonly uses: readonly CardUse[];
  /** By flow name. */
  readonly reads: ReadonlyMap<string, readonly ScopeRead[]>;
}

/** Expressions and templates nested deeper than this are not searched (hostile input only). */
const MAX_DEPTH = 64;

export function collectFlowUses(flows: Iterable<UserFlow>): FlowUses {
  const uses: CardUse[] = [];
  const reads = new Map<string, ScopeRead[]>();
  for (const flow of flows) {
    const own: ScopeRead[] = [];
    reads.set(flow.name, own);
    const t = flow.trigger;
    if (t.type === 'event') {
      uses.push({
        flow: flow.name, place: placeOf(t.origin), connector: t.connector, card: t.card, as: 'trigger', via: t.via,
        outputIds: [], inputs: new Set(), options: t.options,
      });
    }
    walkModelSteps(flow.steps, ({ step, outputOf }) => {
      if (step.kind === 'action') {
        const ids = [step.id, outputOf?.id].filter((id): id is string => id !== undefined);
        uses.push({
          flow: flow.name, place: placeOf(step.origin), connector: step.connector, card: step.card, as: 'action',
          outputIds: ids, inputs: new Set(Object.keys(step.inputs)), options: step.options,
        });
      }
      collectReads(step, own);
    });
  }
  return { uses, reads };
}

/** The step's own expressions and templates; nested steps are visited on their own. */
function collectReads(step: Step, out: ScopeRead[]): void {
  for (const [key, value] of Object.entries(step)) {
    if (key !== 'origin') scan(value, out, 0);
  }
}

function scan(value: unknown, out: ScopeRead[], depth: number): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) scan(item, out, depth + 1);
    return;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.kind === 'string' && typeof v.origin === 'object') return; // a nested step
  if (typeof v.source === 'string' && typeof v.evaluate === 'function') {
    const e = value as Expression;
    for (const ref of expressionReferences(e)) out.push({ place: placeOf(e.origin), path: ref.path });
    return;
  }
  if (typeof v.source === 'string' && typeof v.render === 'function') {
    const t = value as Template;
    for (const ref of templateReferences(t)) out.push({ place: placeOf(t.origin), path: ref.path });
    return;
  }
  for (const [key, child] of Object.entries(v)) {
    if (key !== 'origin') scan(child, out, depth + 1);
  }
}

function placeOf(o: Origin): Place {
  return { file: o.file, line: o.line, column: o.column };
}
