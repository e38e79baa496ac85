// Puts the keys of every map into the canonical order of its schema position. A key carries its comments
// and the blank line before it along; keys the schema does not know keep their order, after the known ones.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { SchemaShape } from './schema-shape.js';

export function orderKeys(node: unknown, shape: SchemaShape | undefined): void {
  if (!shape) return;
  if (isSeq(node)) {
    const itemShape = shape.item();
    for (const item of node.items) orderKeys(item, itemShape);
    return;
  }
  if (!isMap(node)) return;
  const order = shape.keyOrder;
  if (order) {
    const rank = (pair: Pair) => {
      const at = order.indexOf(keyName(pair) ?? '');
      return at === -1 ? order.length : at;
    };
    // Array sort is stable: equal ranks (unknown keys) keep the author's order.
    const sorted = [...node.items].sort((a, b) => rank(a) - rank(b));
    node.items.splice(0, node.items.length, ...sorted);
  }
  for (const pair of node.items) {
    const name = keyName(pair);
    if (name !== undefined) orderKeys(pair.value, shape.property(name));
  }
}

export function keyName(pair: unknown): string | undefined {
  if (!isPair(pair)) return undefined;
  const key = pair.key as YamlNode | null;
  return isScalar(key) && typeof key.value === 'string' ? key.value : undefined;
}
