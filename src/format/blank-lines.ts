// Blank lines: yaml keeps at most one before any item; the formatter also drops one at the very start of a
// block map or list (right after `key:`), where keys that moved up in the canonical order could bring it.
import { isCollection, isNode, isPair } from 'yaml';

export function dropLeadingBlankLines(node: unknown): void {
  if (!isCollection(node)) return;
  const items = node.items as unknown[];
  items.forEach((item, i) => {
    const first = isPair(item) ? item.key : item;
    if (i === 0 && isNode(first)) first.spaceBefore = false;
    if (isPair(item)) {
      // A blank line between `key:` and its nested map or list is stored on the nested collection.
      if (isCollection(item.value)) item.value.spaceBefore = false;
      dropLeadingBlankLines(item.value);
    } else {
      dropLeadingBlankLines(item);
    }
  });
}
