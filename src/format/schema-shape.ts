// The canonical key order of every map in a definition, read from the JSON Schemas in schemas/: a map whose
// schema lists `properties` takes their order; maps keyed by user names (`additionalProperties`) and free data
// (a JSON body, a default value) keep the author's order. The schemas stay the one source of truth.
import { readFileSync } from 'node:fs';

/** The `kind:` values fmt formats, each with its schema file. */
export const FORMATTED_KINDS = ['connector', 'flow', 'connector-test'] as const;
export type FormattedKind = (typeof FORMATTED_KINDS)[number];

export function isFormattedKind(kind: unknown): kind is FormattedKind {
  return typeof kind === 'string' && (FORMATTED_KINDS as readonly string[]).includes(kind);
}

/** File name of a kind's schema, also what the `# yaml-language-server: $schema=` comment points at. */
export function schemaFileName(kind: FormattedKind): string {
  return `${kind}.schema.json`;
}

/** src/format/ under tsx and dist/format/ after tsc are both two levels below the package root. */
export const PACKAGE_SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

interface JsonSchema {
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  $defs?: Record<string, JsonSchema>;
}

/** One position in a definition (the root, `actions.x`, a step, ...) as its schema describes it. */
export interface SchemaShape {
  /** Keys in canonical order, or undefined when the map's keys are names or data and keep their order. */
  readonly keyOrder: readonly string[] | undefined;
  /** The shape of the value under `key`, when the schema describes it. */
  property(key: string): SchemaShape | undefined;
  /** The shape of each list item, when the schema describes it. */
  item(): SchemaShape | undefined;
}

const roots = new Map<FormattedKind, SchemaShape | null>();

/** The shape of a whole file of `kind`; undefined when the schema file is missing (layout is then still canonical). */
export function rootShape(kind: FormattedKind): SchemaShape | undefined {
  if (!roots.has(kind)) {
    let schema: JsonSchema | null = null;
    try {
      schema = JSON.parse(readFileSync(new URL(schemaFileName(kind), PACKAGE_SCHEMA_DIR), 'utf8')) as JsonSchema;
    } catch {
      schema = null;
    }
    roots.set(kind, schema ? shapeOf(schema, schema) : null);
  }
  return roots.get(kind) ?? undefined;
}

function shapeOf(schema: JsonSchema, document: JsonSchema): SchemaShape {
  const s = resolve(schema, document);
  const properties = s.properties;
  return {
    keyOrder: properties ? Object.keys(properties) : undefined,
    property(key) {
      const own = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
      const next = own ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      return next ? shapeOf(next, document) : undefined;
    },
    item() {
      return s.items ? shapeOf(s.items, document) : undefined;
    },
  };
}

/** Follows local `$ref`s (`#/$defs/name`); the schemas use no others. A cycle or unknown target ends at `{}`. */
function resolve(schema: JsonSchema, document: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 32; hops++) {
    const match = /^#\/\$defs\/([^/]+)$/.exec(current.$ref);
    const target = match ? document.$defs?.[match[1]!] : undefined;
    if (!target) return {};
    current = target;
  }
  return current.$ref === undefined ? current : {};
}
