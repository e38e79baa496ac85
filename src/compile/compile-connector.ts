// A connector file: service settings, connection fields (declared plus implied by the auth scheme), auth,
// cards, system and helper flows. Defaults: title = name, timeout 30s, no extra hosts, no private network.
import type { ActionCard, Connector, DynamicFields, EventCard, FieldDef, Fields, HelperFlow, RateBudget } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import type { CompileContext } from './compile-context.js';
import { compileAuth } from './compile-auth.js';
import { compileWebhook, compilePolling } from './compile-events.js';
import { compileFields } from './compile-fields.js';
import { compileBody, compileSteps } from './compile-steps.js';
import { impliedConnectionFields } from './implied-connection-fields.js';
import { asArray, asRecord, asString, entriesOf } from './plain-data.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DYNAMIC_FIELDS_TTL_MS = 10 * 60_000;

export function compileConnector(base: CompileContext): Connector {
  const raw = asRecord(base.get([])) ?? {};
  const timeoutMs = base.duration(['timeout'], DEFAULT_TIMEOUT_MS);
  const ctx = base.withDefaults({ requestTimeoutMs: timeoutMs });
  const name = asString(raw.name) ?? '';
  const description = asString(raw.description);
  const rateBudget = compileRateBudget(ctx);
  return {
    kind: 'connector',
    name,
    title: asString(raw.title) ?? name,
    version: asString(raw.version) ?? '0.0.0',
    // The base URL sees the connection's fields, secrets included (some services put a key in the host or path).
    baseUrl: ctx.template(['baseUrl']),
    hosts: asArray(raw.hosts).filter((h): h is string => typeof h === 'string'),
    headers: ctx.templateMap(['headers']),
    allowPrivateNetwork: raw.allowPrivateNetwork === true,
    timeoutMs,
    connectionFields: compileConnectionFields(ctx),
    auth: compileAuth(ctx),
    actions: compileActions(ctx),
    events: compileEvents(ctx),
    system: compileSystem(ctx),
    helpers: compileHelpers(ctx),
    file: ctx.file,
    origin: ctx.origin([]),
    ...(description !== undefined && { description }),
    ...(rateBudget && { rateBudget }),
  };
}

/** Implied fields first (in the scheme's order), then the declared ones. A declared field of an implied name keeps its texts but never loses secrecy or requiredness. */
function compileConnectionFields(ctx: CompileContext): Fields {
  const declared = compileFields(ctx, ['connection', 'fields']);
  const out: Record<string, FieldDef> = {};
  const authOrigin = ctx.origin(['auth', 'type']);
  for (const implied of impliedConnectionFields(ctx.get(['auth']))) {
    const own = declared[implied.name];
    out[implied.name] = own
      ? { ...own, type: implied.type === 'secret' ? 'secret' : own.type, required: own.required || implied.required }
      : { name: implied.name, title: implied.title, type: implied.type, list: false, required: implied.required, origin: authOrigin };
  }
  for (const [name, field] of Object.entries(declared)) if (!(name in out)) out[name] = field;
  return out;
}

function compileRateBudget(ctx: CompileContext): RateBudget | undefined {
  const raw = asRecord(ctx.get(['rateBudget']));
  if (!raw || typeof raw.requests !== 'number') return undefined;
  return { requests: raw.requests, perMs: ctx.duration(['rateBudget', 'per'], 1000) };
}

function compileActions(ctx: CompileContext): Record<string, ActionCard> {
  const out: Record<string, ActionCard> = {};
  for (const [name, value] of entriesOf(ctx.get(['actions']))) {
    const at = ['actions', name];
    out[name] = {
      ...cardBase(ctx, at, name, value),
      kind: 'action',
      idempotent: asRecord(value)?.idempotent === true,
      inputs: compileFields(ctx, [...at, 'inputs']),
      steps: compileSteps(ctx, [...at, 'steps']),
    };
  }
  return out;
}

function compileEvents(ctx: CompileContext): Record<string, EventCard> {
  const out: Record<string, EventCard> = {};
  for (const [name, value] of entriesOf(ctx.get(['events']))) {
    const at = ['events', name];
    out[name] = {
      ...cardBase(ctx, at, name, value),
      kind: 'event',
      ...(ctx.has([...at, 'webhook']) && { webhook: compileWebhook(ctx, [...at, 'webhook']) }),
      ...(ctx.has([...at, 'polling']) && { polling: compilePolling(ctx, [...at, 'polling']) }),
    };
  }
  return out;
}

function cardBase(ctx: CompileContext, at: Path, name: string, value: unknown) {
  const raw = asRecord(value) ?? {};
  const base: {
    name: string; title: string; help?: string; options: Fields; outputs: Fields; dynamicFields?: DynamicFields; origin: ActionCard['origin'];
  } = {
    name,
    title: asString(raw.title) ?? name,
    options: compileFields(ctx, [...at, 'options']),
    outputs: compileFields(ctx, [...at, 'outputs']),
    origin: ctx.origin(at),
  };
  const help = asString(raw.help);
  if (help !== undefined) base.help = help;
  const dynamic = asRecord(raw.dynamicFields);
  if (dynamic) {
    const target = dynamic.target === 'outputs' || dynamic.target === 'both' ? dynamic.target : 'inputs';
    base.dynamicFields = {
      flow: asString(dynamic.flow) ?? '',
      target,
      ttlMs: ctx.duration([...at, 'dynamicFields', 'ttl'], DEFAULT_DYNAMIC_FIELDS_TTL_MS),
    };
  }
  return base;
}

function compileSystem(ctx: CompileContext): Connector['system'] {
  const system: { authping?: Connector['system']['authping']; revoke?: Connector['system']['revoke'] } = {};
  if (ctx.has(['system', 'authping'])) system.authping = compileBody(ctx, ['system', 'authping']);
  if (ctx.has(['system', 'revoke'])) system.revoke = compileBody(ctx, ['system', 'revoke']);
  return system;
}

function compileHelpers(ctx: CompileContext): Record<string, HelperFlow> {
  const out: Record<string, HelperFlow> = {};
  for (const [name] of entriesOf(ctx.get(['helpers']))) {
    const at = ['helpers', name];
    out[name] = {
      name,
      inputs: compileFields(ctx, [...at, 'inputs']),
      outputs: compileFields(ctx, [...at, 'outputs']),
      ...compileBody(ctx, at),
    };
  }
  return out;
}
