// Which maps and lists are printed in flow style (`{ a: 1 }`, `[a, b]`). The rule:
//   - block style stays block style;
//   - a map or list written in flow style stays in flow style when nothing inside it carries a comment and
//     its line (indentation, key and the collection on one line, without a trailing comment) fits in
//     MAX_FLOW_LINE columns; otherwise it is printed in block style, and the rule is applied again to the maps
//     and lists inside it.
// Both outcomes are stable, so formatting twice gives the same text.
import { Document, isCollection, isNode, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { installLayoutTags } from './layout-tags.js';
import { PRINT_OPTIONS } from './print-options.js';

export const MAX_FLOW_LINE = 120;

export function settleFlowStyle(root: unknown): void {
  visitBlock(root, 0);
}

/** `indent`: the column of the block collection's items (its keys, or its `-`). */
function visitBlock(node: unknown, indent: number): void {
  if (!isCollection(node)) return;
  if (isSeq(node)) {
    for (const item of node.items) placeValue(item, indent, indent + 2);
    return;
  }
  for (const pair of node.items) {
    if (!isPair(pair) || !isCollection(pair.value)) continue;
    const keyWidth = isScalar(pair.key) ? oneLine(pair.key).length : 0;
    placeValue(pair.value, indent, indent + keyWidth + 2);
  }
}

/** A value at `start` (the column right after `key: ` or `- `) of a block collection whose items are at `indent`. */
function placeValue(value: unknown, indent: number, start: number): void {
  if (!isCollection(value)) return;
  if (value.flow) {
    if (!hasInnerComments(value) && fitsOnOneLine(value, start)) return;
    value.flow = false;
  }
  // A list under a key is indented by two (yaml's indentSeq); a map in a list item starts after `- `.
  visitBlock(value, indent + 2);
}

function fitsOnOneLine(node: YamlNode, start: number): boolean {
  const text = oneLine(node);
  return !text.includes('\n') && start + text.length <= MAX_FLOW_LINE;
}

/** The node printed alone, without its own comments. */
function oneLine(node: YamlNode): string {
  const { comment, commentBefore, spaceBefore } = node;
  node.comment = null;
  node.commentBefore = null;
  node.spaceBefore = false;
  try {
    const doc = new Document(null);
    installLayoutTags(doc);
    doc.contents = node;
    return doc.toString(PRINT_OPTIONS).replace(/\n$/, '');
  } finally {
    node.comment = comment;
    node.commentBefore = commentBefore;
    node.spaceBefore = spaceBefore;
  }
}

function hasInnerComments(collection: YamlNode): boolean {
  if (!isCollection(collection)) return false;
  for (const item of collection.items as unknown[]) {
    const parts = isPair(item) ? [item.key, item.value] : [item];
    for (const part of parts) {
      if (!isNode(part)) continue;
      if (part.comment || part.commentBefore || hasInnerComments(part)) return true;
    }
  }
  return false;
}
