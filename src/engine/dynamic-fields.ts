// Dynamic fields: a card's helper asks the service (per connection and options) which fields exist, e.g.
// custom record types. The answer types the card's inputs/outputs like static fields and is cached with a TTL.
import type { ActionCard, Card, FieldDef, Fields, Origin } from '../model/model.js';
import { RuntimeError } from '../errors/runtime-error.js';
import type { RunContext } from './run-context.js';
import { currentConnector } from './run-context.js';
import { runHelperFlow } from './run-card.js';

const FIELD_TYPES = new Set(['text', 'number', 'boolean', 'datetime', 'object', 'file', 'dropdown']);
const MAX_DYNAMIC_FIELDS = 1000;

export interface DynamicFieldSet {
  readonly inputs?: Fields;
  readonly outputs?: Fields;
}

export async function resolveDynamicFields(card: Card | ActionCard, options: Record<string, unknown>, ctx: RunContext): Promise<DynamicFieldSet> {
  const def = card.dynamicFields;
  if (!def) return {};
  const connection = ctx.card.connection;
  const cache = ctx.services.dynamicFieldsCache;
  let raw = connection && cache ? cache.get(connection.id, card.name, options) : undefined;
  if (raw === undefined) {
    const helper = currentConnector(ctx).helpers[def.flow];
    raw = await runHelperFlow(helper, {}, options, ctx, card.origin);
    if (connection && cache) cache.put(connection.id, card.name, options, raw, def.ttlMs);
  }
  const helperOrigin = currentConnector(ctx).helpers[def.flow]?.origin ?? card.origin;
  const parsed = parseFieldList(raw, helperOrigin, `${currentConnector(ctx).name}.${def.flow}`);
  if (Array.isArray(raw) || !isRecord(raw) || !('inputs' in raw || 'outputs' in raw)) {
    return def.target === 'outputs' ? { outputs: parsed } : def.target === 'both' ? { inputs: parsed, outputs: parsed } : { inputs: parsed };
  }
  return {
    inputs: raw.inputs !== undefined ? parseFieldList(raw.inputs, helperOrigin, def.flow) : undefined,
    outputs: raw.outputs !== undefined ? parseFieldList(raw.outputs, helperOrigin, def.flow) : undefined,
  };
}

/**
 * Field definitions as a helper returns them: a list of `{name, title?, type, list?, required?, help?, choices?}`,
 * a map name -> definition, either one wrapped as `{fields: ...}`, or the `{inputs, outputs}` form's halves.
 * Anything else is the author's error.
 */
export function parseFieldList(raw: unknown, origin: Origin, source: string): Fields {
  if (isRecord(raw) && ('inputs' in raw || 'outputs' in raw)) raw = raw.inputs ?? raw.outputs;
  // `{fields: [...]}` or `{fields: {...}}`: the envelope many helpers naturally return.
  if (isRecord(raw) && Object.keys(raw).length === 1 && (Array.isArray(raw.fields) || (isRecord(raw.fields) && typeof raw.fields.type !== 'string'))) raw = raw.fields;
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((d, i) => [isRecord(d) && typeof d.name === 'string' ? d.name : `#${i}`, d])
    : isRecord(raw) ? Object.entries(raw) : [];
  if (!Array.isArray(raw) && !isRecord(raw)) throw invalid(source, origin, 'must return a list of field definitions');
  if (entries.length > MAX_DYNAMIC_FIELDS) throw invalid(source, origin, `returned more than ${MAX_DYNAMIC_FIELDS} fields`);
  const out: Record<string, FieldDef> = {};
  for (const [name, d] of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || name === '__proto__') throw invalid(source, origin, `field name '${name.slice(0, 64)}' is not a valid name`);
    if (!isRecord(d)) throw invalid(source, origin, `field '${name}' is not an object`);
    const type = d.type ?? 'text';
    if (typeof type !== 'string' || !FIELD_TYPES.has(type)) throw invalid(source, origin, `field '${name}' has unknown type '${String(type).slice(0, 32)}'`);
    out[name] = Object.freeze({
      name,
      title: typeof d.title === 'string' ? d.title : name,
      help: typeof d.help === 'string' ? d.help : undefined,
      type: type as FieldDef['type'],
      list: d.list === true,
      required: d.required === true,
      choices: Array.isArray(d.choices)
        ? d.choices.map((c) => (isRecord(c) ? { value: c.value as string, label: String(c.label ?? c.value) } : { value: c as string, label: String(c) }))
        : undefined,
      fields: d.fields !== undefined ? parseFieldList(d.fields, origin, source) : undefined,
      origin,
    });
  }
  return Object.freeze(out);
}

function invalid(source: string, origin: Origin, what: string): RuntimeError {
  return new RuntimeError('DYNAMIC_FIELDS_INVALID', `dynamic fields helper ${source} ${what}`, { actor: 'author', origin });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
