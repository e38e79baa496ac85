// Comments written above the first key of a map. yaml stores them on the map; the formatter reorders keys,
// so they are moved to where they belong first:
//   - above the first key of the file: the file's header, which stays at the top whatever the key order;
//   - above the first key of a nested map: that key's comment, which moves with the key.
// The header starts with the `# yaml-language-server: $schema=...` line that editors read.
import { isMap, isNode, isPair, isSeq, type Document, type Node as YamlNode } from 'yaml';

const SCHEMA_LINE = /^\s*yaml-language-server\s*:/;

export function settleLeadingComments(doc: Document): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  const first = root.items[0];
  const firstKey = first && isNode(first.key) ? (first.key as YamlNode) : undefined;
  if (firstKey?.commentBefore) {
    root.commentBefore = joinLines(root.commentBefore, firstKey.commentBefore);
    firstKey.commentBefore = null;
  }
  if (firstKey) firstKey.spaceBefore = false;
  for (const pair of root.items) moveIntoFirstKeys(pair.value);
}

function moveIntoFirstKeys(node: unknown): void {
  if (isSeq(node)) {
    for (const item of node.items) {
      // A map that is a list item: its comment is above the `-`, which does not move; only its children do.
      if (isMap(item)) for (const pair of item.items) moveIntoFirstKeys(pair.value);
      else moveIntoFirstKeys(item);
    }
    return;
  }
  if (!isMap(node)) return;
  const first = node.items[0];
  if (first && isPair(first) && isNode(first.key)) {
    const key = first.key as YamlNode;
    if (node.commentBefore && !node.flow) {
      key.commentBefore = joinLines(node.commentBefore, key.commentBefore);
      node.commentBefore = null;
    }
  }
  for (const pair of node.items) moveIntoFirstKeys(pair.value);
}

/**
 * Puts the schema line first in the header: moved there when it is elsewhere in the header, added (pointing at
 * `schemaPath`) when the file has none.
 */
export function ensureSchemaComment(doc: Document, schemaPath: string | undefined): void {
  const root = doc.contents;
  if (!isNode(root)) return;
  let line: string | undefined;
  const take = (comment: string | null | undefined): string | null => {
    if (!comment || line !== undefined) return comment ?? null;
    const lines = comment.split('\n');
    const at = lines.findIndex((l) => SCHEMA_LINE.test(l));
    if (at === -1) return comment;
    line = lines.splice(at, 1)[0];
    return lines.join('\n').replace(/^\n+/, '') || null;
  };
  // doc.commentBefore is printed first, then a blank line, then root.commentBefore right above the first key.
  const printedFirst = take(doc.commentBefore);
  const printedNext = take(root.commentBefore);
  line ??= schemaPath !== undefined ? ` yaml-language-server: $schema=${schemaPath}` : undefined;
  if (line === undefined) return;
  if (printedFirst) {
    doc.commentBefore = joinLines(line, printedFirst);
    root.commentBefore = printedNext;
  } else {
    doc.commentBefore = null;
    root.commentBefore = joinLines(line, printedNext);
  }
}

function joinLines(a: string | null | undefined, b: string | null | undefined): string {
  if (!a) return b ?? '';
  if (!b) return a;
  return `${a}\n${b}`;
}

/**
 * After the keys are reordered: a comment above the first key of a map that is a list item is printed above
 * its `-` (yaml would print it after `- `).
 */
export function liftListItemComments(node: unknown): void {
  if (isSeq(node)) {
    for (const item of node.items) {
      if (isMap(item) && !item.flow) {
        const first = item.items[0];
        const key = first && isNode(first.key) ? (first.key as YamlNode) : undefined;
        if (key?.commentBefore) {
          item.commentBefore = joinLines(item.commentBefore, key.commentBefore);
          key.commentBefore = null;
        }
      }
      liftListItemComments(item);
    }
  } else if (isMap(node)) {
    for (const pair of node.items) liftListItemComments(pair.value);
  }
}
