// The JSON Schemas of definition files (schemas/*.schema.json), compiled once per process.
// The schema folder is found relative to this module: src/schema/ under tsx and dist/schema/ after tsc
// are both two levels below the repository root.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type DefinitionKind = 'connector' | 'flow';

export const SCHEMA_IDS: Readonly<Record<DefinitionKind, string>> = Object.freeze({
  connector: 'https://connector-runtime.dev/schemas/connector.schema.json',
  flow: 'https://connector-runtime.dev/schemas/flow.schema.json',
});

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

let cached: { ajv: Ajv2020; validators: Record<DefinitionKind, ValidateFunction> } | undefined;

/** The parsed schema file of a kind, as on disk. */
export function readDefinitionSchema(kind: DefinitionKind): AnySchemaObject {
  return JSON.parse(readFileSync(new URL(`${kind}.schema.json`, SCHEMA_DIR), 'utf8')) as AnySchemaObject;
}

/** The shared Ajv instance holding both schemas (compiled on first use). */
export function definitionAjv(): Ajv2020 {
  return compiled().ajv;
}

export function definitionValidator(kind: DefinitionKind): ValidateFunction {
  return compiled().validators[kind];
}

function compiled(): NonNullable<typeof cached> {
  if (cached) return cached;
  // verbose: errors carry their schema, so unknown keys can be matched against the valid ones.
  // allowUnionTypes: a dropdown choice is a plain value or a {value, label} map, without oneOf.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    verbose: true,
    allowUnionTypes: true,
    code: { process: appendErrorsInPlace },
  });
  addFormats.default(ajv, ['date-time', 'hostname']);
  for (const kind of ['connector', 'flow'] as const) ajv.addSchema(readDefinitionSchema(kind));
  const validator = (kind: DefinitionKind): ValidateFunction => {
    const v = ajv.getSchema(SCHEMA_IDS[kind]);
    if (!v) throw new Error(`schema ${SCHEMA_IDS[kind]} did not compile`);
    return v;
  };
  cached = { ajv, validators: { connector: validator('connector'), flow: validator('flow') } };
  return cached;
}

/**
 * Ajv gathers the errors of a referenced schema with `vErrors.concat(errs)`, copying every error found so far
 * once per list item: a hostile file with 30,000 broken steps took 10 s. Appending in place keeps it linear.
 * Safe because each generated function starts from its own fresh `vErrors` on every call.
 */
function appendErrorsInPlace(code: string): string {
  return code.replace(
    /\bvErrors\.concat\(([A-Za-z0-9_$.]+)\)/g,
    '(function (all, more) { for (let i = 0; i < more.length; i++) all.push(more[i]); return all; })(vErrors, $1)',
  );
}
