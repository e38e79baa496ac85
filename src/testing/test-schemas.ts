// The JSON Schema of connector test files and cassettes (schemas/connector-test.schema.json), compiled once per
// process into the same Ajv instance as the definition schemas, so errors are mapped to positions the same way.
import { readFileSync } from 'node:fs';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import { definitionAjv } from '../schema/definition-schemas.js';

export const CONNECTOR_TEST_SCHEMA_ID = 'https://connector-runtime.dev/schemas/connector-test.schema.json';
const CASSETTE_POINTER = '#/$defs/cassette';

/** src/testing/ under tsx and dist/testing/ after tsc are both two levels below the repository root. */
const SCHEMA_FILE = new URL('../../schemas/connector-test.schema.json', import.meta.url);

export function readConnectorTestSchema(): AnySchemaObject {
  return JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as AnySchemaObject;
}

export function connectorTestValidator(): ValidateFunction {
  return validatorFor(CONNECTOR_TEST_SCHEMA_ID);
}

export function cassetteValidator(): ValidateFunction {
  return validatorFor(`${CONNECTOR_TEST_SCHEMA_ID}${CASSETTE_POINTER}`);
}

function validatorFor(ref: string): ValidateFunction {
  const ajv = definitionAjv();
  if (!ajv.getSchema(CONNECTOR_TEST_SCHEMA_ID)) ajv.addSchema(readConnectorTestSchema());
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`schema ${ref} did not compile`);
  return validate;
}
