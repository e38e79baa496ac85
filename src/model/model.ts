// The compiled, immutable model that the running side executes. Produced by src/compile/, deep-frozen,
// and never re-parsed: expressions and templates inside are compiled once at load time.
// This module is a leaf: it imports nothing from the loading or running side.

/** Where an element was defined, for runtime errors and execution records. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type DataType = 'text' | 'number' | 'boolean' | 'datetime' | 'object' | 'file';
/** Options add `dropdown`; connection fields add `secret` and `dropdown`. */
export type FieldType = DataType | 'dropdown' | 'secret';

export interface Choice {
  readonly value: string | number | boolean;
  readonly label: string;
}

export interface FieldDef {
  readonly name: string;
  /** Display name; the key when the definition gives none. */
  readonly title: string;
  readonly help?: string;
  readonly type: FieldType;
  readonly list: boolean;
  readonly required: boolean;
  readonly default?: unknown;
  readonly choices?: readonly Choice[];
  /** Nested fields of an `object`. */
  readonly fields?: Readonly<Record<string, FieldDef>>;
  readonly origin: Origin;
}

export type Fields = Readonly<Record<string, FieldDef>>;

/** What expression and template evaluation sees: inputs, options, connection, steps, vars, item, ... */
export type Scope = Readonly<Record<string, unknown>>;

/** A JSONata expression compiled at load time. Implemented in src/expr/. */
export interface Expression {
  readonly source: string;
  readonly origin: Origin;
  evaluate(scope: Scope): Promise<unknown>;
}

/** A Handlebars template parsed and compiled at load time. Implemented in src/template/. */
export interface Template {
  readonly source: string;
  readonly origin: Origin;
  /** True when the template has no `{{`: `render` returns `source` as is. */
  readonly isLiteral: boolean;
  render(scope: Scope): string;
  /**
   * For a template that is exactly one `{{path}}` (or one helper call), the raw value, so a JSON body keeps
   * numbers, lists and objects; otherwise the rendered string.
   */
  renderValue(scope: Scope): unknown;
}

/** A YAML structure whose string leaves are templates (JSON bodies). */
export type TemplateValue =
  | { readonly t: 'literal'; readonly value: unknown }
  | { readonly t: 'template'; readonly template: Template }
  | { readonly t: 'object'; readonly entries: Readonly<Record<string, TemplateValue>> }
  | { readonly t: 'array'; readonly items: readonly TemplateValue[] };

export type StepKind =
  | 'request' | 'map' | 'set' | 'call' | 'forEach' | 'if' | 'try' | 'return' | 'raise' | 'code' | 'action';

interface StepBase {
  readonly kind: StepKind;
  readonly id?: string;
  readonly title?: string;
  readonly origin: Origin;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestBody =
  | { readonly type: 'json'; readonly value: TemplateValue }
  | { readonly type: 'form'; readonly fields: Readonly<Record<string, Template>> }
  | { readonly type: 'raw'; readonly template: Template; readonly contentType: string }
  | { readonly type: 'file'; readonly file: Expression }
  | { readonly type: 'multipart'; readonly parts: Readonly<Record<string, MultipartPart>> };

export interface MultipartPart {
  /** A JSONata expression giving a file handle, or a text value. */
  readonly file?: Expression;
  readonly value?: Template;
  readonly filename?: Template;
  readonly contentType?: string;
}

export type Pagination =
  | { readonly style: 'link'; readonly items: Expression; readonly maxPages: number }
  | { readonly style: 'cursor'; readonly items: Expression; readonly cursor: Expression; readonly cursorParam: string; readonly maxPages: number }
  | { readonly style: 'offset'; readonly items: Expression; readonly offsetParam: string; readonly limitParam: string; readonly limit: number; readonly maxPages: number }
  | { readonly style: 'page'; readonly items: Expression; readonly pageParam: string; readonly limitParam: string; readonly limit: number; readonly firstPage: number; readonly maxPages: number };

export interface RequestStep extends StepBase {
  readonly kind: 'request';
  readonly method: HttpMethod;
  readonly url: Template;
  readonly query: Readonly<Record<string, Template>>;
  readonly headers: Readonly<Record<string, Template>>;
  readonly body?: RequestBody;
  readonly response: 'json' | 'text' | 'binary' | 'file';
  /** Overrides the card's `idempotent` for retries of POST/PATCH. */
  readonly idempotent?: boolean;
  readonly timeoutMs?: number;
  readonly paginate?: Pagination;
}

export interface MapStep extends StepBase { readonly kind: 'map'; readonly expr: Expression }
export interface SetStep extends StepBase { readonly kind: 'set'; readonly vars: Readonly<Record<string, Expression>> }
export interface CallStep extends StepBase {
  readonly kind: 'call';
  /** Name of a helper or action of the same connector. */
  readonly target: string;
  readonly inputs: Readonly<Record<string, Expression>>;
}
export interface ForEachStep extends StepBase {
  readonly kind: 'forEach';
  readonly items: Expression;
  readonly as: string;
  readonly concurrency: number;
  readonly steps: readonly Step[];
}
export interface IfStep extends StepBase {
  readonly kind: 'if';
  readonly condition: Expression;
  readonly then: readonly Step[];
  readonly else: readonly Step[];
}
export interface TryStep extends StepBase { readonly kind: 'try'; readonly steps: readonly Step[]; readonly catch: readonly Step[] }
export interface ReturnStep extends StepBase {
  readonly kind: 'return';
  /** One expression for the whole output, or one per output field. */
  readonly value: Expression | Readonly<Record<string, Expression>>;
}
export interface RaiseStep extends StepBase {
  readonly kind: 'raise';
  readonly status?: number;
  readonly code?: string;
  readonly message: Template;
}
export interface CodeStep extends StepBase {
  readonly kind: 'code';
  /** Absolute path of the project module. */
  readonly module: string;
  readonly export: string;
  readonly input?: Expression;
}
export interface ActionStep extends StepBase {
  readonly kind: 'action';
  readonly connector: string;
  readonly card: string;
  readonly connection: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, Expression>>;
}

export type Step =
  | RequestStep | MapStep | SetStep | CallStep | ForEachStep | IfStep | TryStep | ReturnStep | RaiseStep | CodeStep | ActionStep;

export interface FlowBody {
  readonly steps: readonly Step[];
  readonly origin: Origin;
}

export interface HelperFlow extends FlowBody {
  readonly name: string;
  readonly inputs: Fields;
  readonly outputs: Fields;
}

export interface DynamicFields {
  /** Helper flow returning field definitions. */
  readonly flow: string;
  readonly target: 'inputs' | 'outputs' | 'both';
  readonly ttlMs: number;
}

interface CardBase {
  readonly name: string;
  readonly title: string;
  readonly help?: string;
  readonly options: Fields;
  readonly outputs: Fields;
  readonly dynamicFields?: DynamicFields;
  readonly origin: Origin;
}

export interface ActionCard extends CardBase {
  readonly kind: 'action';
  readonly idempotent: boolean;
  readonly inputs: Fields;
  readonly steps: readonly Step[];
}

export type VerifyScheme = 'hmac-sha256' | 'hmac-sha1' | 'standard-webhooks' | 'shared-secret' | 'none';

export interface WebhookVerify {
  readonly scheme: VerifyScheme;
  readonly header?: string;
  readonly prefix?: string;
  readonly encoding: 'hex' | 'base64';
  readonly secret?: Template;
  readonly timestampHeader?: string;
  readonly toleranceMs: number;
  /**
   * HMAC schemes: what is signed when it is not the raw body alone, over `{timestamp, body}` (e.g. Slack's
   * `v0:{{timestamp}}:{{body}}`); `body` stands for the raw body bytes.
   */
  readonly signedContent?: Template;
}

export interface Handshake {
  readonly when: Expression;
  readonly status: number;
  /** JSONata giving the response body (JSON) ; absent means an empty body. */
  readonly body?: Expression;
  readonly headers: Readonly<Record<string, Template>>;
}

export interface WebhookDef {
  readonly register: FlowBody;
  readonly deregister?: FlowBody;
  /** Finds a hook an interrupted register may have created at `webhook.url`: the same output as register, or null. */
  readonly find?: FlowBody;
  readonly lifetimeMs?: number;
  readonly verify: WebhookVerify;
  readonly handshake: readonly Handshake[];
  readonly dedupeKey?: Expression;
  readonly records: Expression;
  readonly maxBodyBytes: number;
  readonly origin: Origin;
}

export interface PollingDef extends FlowBody {
  readonly schedule: string;
  readonly timezone?: string;
  readonly dedupeKey?: Expression;
  readonly dedupeWindow: number;
}

export interface EventCard extends CardBase {
  readonly kind: 'event';
  readonly webhook?: WebhookDef;
  readonly polling?: PollingDef;
}

export type Card = ActionCard | EventCard;

export type AuthDef =
  | { readonly type: 'none' }
  | { readonly type: 'basic' }
  | {
      readonly type: 'custom';
      readonly headers: Readonly<Record<string, Template>>;
      readonly query: Readonly<Record<string, Template>>;
    }
  | OAuth2Def;

export interface OAuth2Def {
  readonly type: 'oauth2';
  readonly grant: 'authorization_code' | 'client_credentials';
  readonly authorizeUrl?: string;
  readonly tokenUrl: string;
  readonly revokeUrl?: string;
  readonly scopes: readonly string[];
  readonly scopeSeparator: string;
  readonly pkce: boolean;
  readonly clientAuth: 'body' | 'basic';
  readonly refresh: boolean;
  readonly expiry: { readonly statuses: readonly number[]; readonly when?: Expression };
  readonly extraAuthorizeParams: Readonly<Record<string, string>>;
}

export interface RateBudget {
  readonly requests: number;
  readonly perMs: number;
}

export interface Connector {
  readonly kind: 'connector';
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly baseUrl: Template;
  readonly hosts: readonly string[];
  /** Sent with every request; a request step's header of the same name wins. */
  readonly headers: Readonly<Record<string, Template>>;
  readonly allowPrivateNetwork: boolean;
  readonly rateBudget?: RateBudget;
  readonly timeoutMs: number;
  /** Declared fields plus the ones the auth scheme implies (username/password, clientId/clientSecret). */
  readonly connectionFields: Fields;
  readonly auth: AuthDef;
  readonly actions: Readonly<Record<string, ActionCard>>;
  readonly events: Readonly<Record<string, EventCard>>;
  readonly system: { readonly authping?: FlowBody; readonly revoke?: FlowBody };
  readonly helpers: Readonly<Record<string, HelperFlow>>;
  readonly file: string;
  readonly origin: Origin;
}

export type Trigger =
  | {
      readonly type: 'event';
      readonly connector: string;
      readonly card: string;
      readonly connection: string;
      readonly via: 'webhook' | 'polling';
      readonly options: Readonly<Record<string, unknown>>;
      readonly schedule?: string;
      readonly timezone?: string;
      readonly initial?: { readonly last?: number; readonly since?: string };
      readonly origin: Origin;
    }
  | { readonly type: 'schedule'; readonly cron: string; readonly timezone?: string; readonly origin: Origin }
  | { readonly type: 'manual'; readonly inputs: Fields; readonly origin: Origin };

export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

export interface UserFlow {
  readonly kind: 'flow';
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly enabled: boolean;
  readonly trigger: Trigger;
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly steps: readonly Step[];
  readonly file: string;
  readonly origin: Origin;
}

export interface ProjectModel {
  /** Absolute project root; files in the model are relative to it. */
  readonly root: string;
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly flows: ReadonlyMap<string, UserFlow>;
}
