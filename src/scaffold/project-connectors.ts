// The connectors of a project as `runtime new flow` needs them: names, and per card its kind, required
// inputs and options. Read straight from the files (each parsed with the loader's limits), so a project with
// problems elsewhere can still be scaffolded into.
import path from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { findDefinitionFiles } from '../project/find-definition-files.js';
import { DEFAULT_SOURCE_LIMITS, SourceFile } from '../source/source-file.js';

export interface FieldSummary {
  name: string;
  title?: string;
  type: string;
  list: boolean;
  required: boolean;
  default?: unknown;
  choices?: unknown[];
}

export interface CardSummary {
  kind: 'action' | 'event';
  inputs: FieldSummary[];
  options: FieldSummary[];
  /** Events: which sources it has. */
  webhook: boolean;
  polling: boolean;
}

export interface ConnectorSummary {
  name: string;
  /** Project-relative. */
  file: string;
  cards: ReadonlyMap<string, CardSummary>;
}

export async function projectConnectors(root: string): Promise<Map<string, ConnectorSummary>> {
  const found = await findDefinitionFiles([], [path.join(root, 'connectors')]);
  const out = new Map<string, ConnectorSummary>();
  for (const file of found.files) {
    const text = await readSmall(file);
    if (text === undefined) continue;
    const rel = path.relative(root, file).split(path.sep).join('/');
    const value = new SourceFile(rel, text).value;
    if (!isRecord(value) || value.kind !== 'connector' || typeof value.name !== 'string') continue;
    const cards = new Map<string, CardSummary>();
    for (const [kind, group] of [['action', value.actions], ['event', value.events]] as const) {
      if (!isRecord(group)) continue;
      for (const [cardName, card] of Object.entries(group)) {
        if (!isRecord(card)) continue;
        cards.set(cardName, {
          kind,
          inputs: fields(card.inputs),
          options: fields(card.options),
          webhook: card.webhook !== undefined,
          polling: card.polling !== undefined,
        });
      }
    }
    if (!out.has(value.name)) out.set(value.name, { name: value.name, file: rel, cards });
  }
  return out;
}

async function readSmall(file: string): Promise<string | undefined> {
  try {
    if ((await stat(file)).size > DEFAULT_SOURCE_LIMITS.maxBytes) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fields(value: unknown): FieldSummary[] {
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, f]) => ({
      name,
      ...(typeof f.title === 'string' && { title: f.title }),
      type: typeof f.type === 'string' ? f.type : 'text',
      list: f.list === true,
      required: f.required === true,
      ...(f.default !== undefined && { default: f.default }),
      ...(Array.isArray(f.choices) && { choices: f.choices }),
    }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
