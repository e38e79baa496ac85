// The values of a new connection's fields, from (first wins) `--field name=value`, the environment
// (`RUNTIME_FIELD_<NAME>`, so secrets stay out of shell history), or a question on the terminal. Without a
// terminal a missing required field is a usage problem naming the flag and variable to use.
import type { Connector, FieldDef } from '../../model/model.js';
import type { Prompter } from '../terminal-prompt.js';

export const FIELD_ENV_PREFIX = 'RUNTIME_FIELD_';
const MAX_ASKS = 3;

export type FieldValues = { readonly values: Record<string, unknown> } | { readonly problem: string };

export interface FieldSources {
  readonly flags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Present only when questions can be asked. */
  readonly prompter?: Prompter;
}

/** `RUNTIME_FIELD_APIKEY` and `RUNTIME_FIELD_API_KEY` both name the field `apiKey`. */
export function fieldEnvNames(field: string): string[] {
  const plain = `${FIELD_ENV_PREFIX}${field.toUpperCase()}`;
  const snake = `${FIELD_ENV_PREFIX}${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
  return plain === snake ? [plain] : [plain, snake];
}

export async function collectFieldValues(connector: Connector, sources: FieldSources): Promise<FieldValues> {
  const fields = connector.connectionFields;
  const unknown = Object.keys(sources.flags).filter((name) => !Object.prototype.hasOwnProperty.call(fields, name));
  if (unknown.length > 0) {
    const known = Object.keys(fields);
    return {
      problem: `connector ${connector.name} has no connection field ${unknown.map((n) => `'${n}'`).join(', ')}` +
        (known.length ? ` (fields: ${known.join(', ')})` : ' (it has no fields)'),
    };
  }
  const values: Record<string, unknown> = {};
  const missing: FieldDef[] = [];
  for (const def of Object.values(fields)) {
    let value: string | undefined = Object.prototype.hasOwnProperty.call(sources.flags, def.name) ? sources.flags[def.name] : undefined;
    value ??= fieldEnvNames(def.name).map((n) => sources.env[n]).find((v) => v !== undefined && v !== '');
    if (value === undefined && sources.prompter) value = await ask(sources.prompter, def);
    if (value !== undefined) values[def.name] = value;
    else if (def.required && def.default === undefined) missing.push(def);
  }
  if (missing.length > 0) return { problem: missing.map(describeMissing).join('\n') };
  return { values };
}

async function ask(prompter: Prompter, def: FieldDef): Promise<string | undefined> {
  const secret = def.type === 'secret';
  const choices = def.choices?.length ? ` (${def.choices.map((c) => String(c.value)).join(', ')})` : '';
  const fallback = def.default !== undefined && !secret ? ` [${String(def.default)}]` : '';
  const optional = def.required ? '' : ' (optional)';
  const question = `${def.title}${choices}${optional}${fallback}: `;
  for (let i = 0; i < MAX_ASKS; i++) {
    const answer = await prompter.ask(question, { secret });
    const trimmed = secret ? answer : answer.trim();
    if (trimmed !== '') return trimmed;
    if (!def.required || def.default !== undefined) return undefined;
  }
  return undefined;
}

function describeMissing(def: FieldDef): string {
  const env = fieldEnvNames(def.name).at(-1);
  const via = def.type === 'secret'
    ? `set ${env} (keeps it out of shell history) or pass --field ${def.name}=<value>`
    : `pass --field ${def.name}=<value> or set ${env}`;
  return `missing connection field '${def.name}' (${def.title}): ${via}`;
}
