// Every comment line of a document, sorted, so the formatter can prove that it dropped none.
import { visit, type Document } from 'yaml';

export function commentTexts(doc: Document): string[] {
  const out: string[] = [];
  const add = (comment: string | null | undefined) => {
    if (!comment) return;
    for (const line of comment.split('\n')) if (line.trim() !== '') out.push(line.trimEnd());
  };
  add(doc.commentBefore);
  add(doc.comment);
  // visit() enters map keys as well as values and items.
  visit(doc, {
    Node(_key, node) {
      add(node.commentBefore);
      add(node.comment);
    },
  });
  return out.sort();
}
