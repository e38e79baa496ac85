// The schema files themselves: what editors show (a description on every property), what authors can rely
// on (examples that validate, closed objects, no oneOf), and that the fixtures exercise all of it.
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import {
  definitionAjv,
  definitionValidator,
  readDefinitionSchema,
  SCHEMA_IDS,
  type DefinitionKind,
} from '../../src/schema/definition-schemas.js';
import { FORMAT_WORDS, PATTERN_WORDS } from '../../src/schema/value-words.js';

type Json = Record<string, unknown>;
const KINDS: readonly DefinitionKind[] = ['connector', 'flow'];
// Keys whose values are data, not schemas.
const DATA_KEYS = new Set(['examples', 'enum', 'const', 'default']);

/** Every schema object in a schema document, with its JSON pointer. */
function* schemaNodes(node: unknown, pointer = ''): Generator<[string, Json]> {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${pointer}/${i}`);
    return;
  }
  yield [pointer, node as Json];
  for (const [key, value] of Object.entries(node)) {
    if (!DATA_KEYS.has(key)) yield* schemaNodes(value, `${pointer}/${key}`);
  }
}

function at(doc: Json, pointer: string): Json {
  return pointer.split('/').slice(1).reduce<Json>((n, seg) => n[seg] as Json, doc);
}

/** Marks every property and enum value of the schema that `data` uses. */
function markUsed(doc: Json, start: Json, startPointer: string, data: unknown, used: Set<string>): void {
  let node = start;
  let pointer = startPointer;
  while (typeof node.$ref === 'string') {
    pointer = node.$ref.slice(1);
    node = at(doc, pointer);
  }
  if (Array.isArray(node.enum) && node.enum.includes(data)) used.add(`${pointer}/enum/${String(data)}`);
  if (Array.isArray(data)) {
    if (node.items) for (const item of data) markUsed(doc, node.items as Json, `${pointer}/items`, item, used);
    return;
  }
  if (data === null || typeof data !== 'object') return;
  const properties = (node.properties ?? {}) as Record<string, Json>;
  for (const [key, value] of Object.entries(data)) {
    if (properties[key]) {
      used.add(`${pointer}/properties/${key}`);
      markUsed(doc, properties[key], `${pointer}/properties/${key}`, value, used);
    } else if (typeof node.additionalProperties === 'object') {
      markUsed(doc, node.additionalProperties as Json, `${pointer}/additionalProperties`, value, used);
    }
  }
}

describe('schema: the schema files', () => {
  for (const kind of KINDS) {
    describe(`${kind}.schema.json`, () => {
      const doc = readDefinitionSchema(kind) as Json;
      const nodes = [...schemaNodes(doc)];

      it('has its stable $id and draft 2020-12', () => {
        expect(doc.$id).to.equal(`https://connector-runtime.dev/schemas/${kind}.schema.json`);
        expect(doc.$id).to.equal(SCHEMA_IDS[kind]);
        expect(doc.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
      });

      it('describes every property, for hover help in editors', () => {
        const undescribed = nodes.flatMap(([pointer, node]) =>
          Object.entries((node.properties ?? {}) as Record<string, Json>)
            .filter(([, prop]) => typeof prop.description !== 'string' || prop.description.length < 10)
            .map(([key]) => `${pointer}/properties/${key}`),
        );
        expect(undescribed).to.deep.equal([]);
      });

      it('closes every object with fixed keys and names the keys of every map', () => {
        const open = nodes
          .filter(([, node]) => node.properties !== undefined && node.additionalProperties !== false)
          .map(([pointer]) => pointer);
        expect(open, 'objects with properties but no additionalProperties: false').to.deep.equal([]);
        const unnamedMaps = nodes
          .filter(([, node]) => node.type === 'object' && node.properties === undefined && node.propertyNames === undefined)
          .map(([pointer]) => pointer);
        expect(unnamedMaps, 'maps without propertyNames').to.deep.equal([]);
      });

      it('uses no oneOf/anyOf/allOf (they flood authors with errors)', () => {
        const combinators = nodes.filter(([, n]) => 'oneOf' in n || 'anyOf' in n || 'allOf' in n).map(([p]) => p);
        expect(combinators).to.deep.equal([]);
      });

      it('has words for every pattern and format it uses', () => {
        const patterns = nodes.map(([, n]) => n.pattern).filter((p): p is string => typeof p === 'string');
        expect(patterns.filter((p) => !(p in PATTERN_WORDS))).to.deep.equal([]);
        const formats = nodes.map(([, n]) => n.format).filter((f): f is string => typeof f === 'string');
        expect(formats.filter((f) => !(f in FORMAT_WORDS))).to.deep.equal([]);
      });

      it('has examples, and every example validates', () => {
        const withExamples = nodes.filter(([, n]) => Array.isArray(n.examples));
        expect(withExamples.length).to.be.greaterThan(2);
        for (const [pointer, node] of withExamples) {
          const validate = definitionAjv().compile({ $ref: `${SCHEMA_IDS[kind]}#${pointer}` });
          for (const example of node.examples as unknown[]) {
            expect(validate(example), `${pointer}: ${JSON.stringify(example)}`).to.equal(true);
          }
        }
      });

      it('is exercised completely by the valid fixtures: every property and every enum value', () => {
        const used = new Set<string>();
        const dir = 'test/fixtures/schema';
        for (const file of readdirSync(dir).filter((f) => f.startsWith(`valid-${kind}`))) {
          markUsed(doc, doc, '', parse(readFileSync(`${dir}/${file}`, 'utf8')), used);
        }
        const all = nodes.flatMap(([pointer, node]) => [
          ...Object.keys((node.properties ?? {}) as Json).map((key) => `${pointer}/properties/${key}`),
          ...((node.enum ?? []) as unknown[]).map((value) => `${pointer}/enum/${String(value)}`),
        ]);
        expect(all.filter((p) => !used.has(p))).to.deep.equal([]);
      });
    });
  }

  it('keeps the definitions shared by both files identical', () => {
    const connectorDefs = readDefinitionSchema('connector').$defs as Json;
    const flowDefs = readDefinitionSchema('flow').$defs as Json;
    const shared = Object.keys(flowDefs).filter((name) => name in connectorDefs);
    expect(shared).to.include.members(['identifier', 'duration', 'expression', 'template', 'field', 'fields', 'actionStep']);
    for (const name of shared) expect(flowDefs[name], `$defs/${name}`).to.deep.equal(connectorDefs[name]);
  });

  it('compiles each schema once per process', () => {
    expect(definitionValidator('connector')).to.equal(definitionValidator('connector'));
    expect(definitionValidator('flow')).to.equal(definitionValidator('flow'));
  });
});
