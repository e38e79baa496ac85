// Printing choices yaml's options cannot express, installed on one document's own tag list (never on yaml's
// shared defaults): flow maps are padded and flow lists are not (`{ type: text }`, `[repo, read:user]`, as
// in docs/format.md), and folded scalars keep their source lines (see folded-scalars.ts).
import { Scalar, type Document } from 'yaml';
import type { FoldedLines } from './folded-scalars.js';

type TagStringify = (item: unknown, ctx: StringifyContext, onComment?: () => void, onChompKeep?: () => void) => string;
interface StringifyContext {
  inFlow: boolean | null;
  implicitKey?: boolean;
  flowCollectionPadding: string;
  [more: string]: unknown;
}
interface TagObject {
  tag: string;
  format?: string;
  collection?: 'map' | 'seq';
  stringify?: TagStringify;
  [more: string]: unknown;
}
interface Printable {
  toString(ctx: StringifyContext, onComment?: () => void, onChompKeep?: () => void): string;
}

const STR = 'tag:yaml.org,2002:str';

export function installLayoutTags(doc: Document, folded?: FoldedLines): void {
  const schema = doc.schema as unknown as { tags: TagObject[] };
  schema.tags = schema.tags.map((tag) => {
    if (tag.collection === 'map') return withPadding(tag, ' ');
    if (tag.collection === 'seq') return withPadding(tag, '');
    if (tag.tag === STR && !tag.format && tag.stringify && folded) return keepingFoldedLines(tag, tag.stringify, folded);
    return tag;
  });
}

function withPadding(tag: TagObject, padding: string): TagObject {
  return {
    ...tag,
    stringify: (node, ctx, onComment, onChompKeep) =>
      (node as Printable).toString({ ...ctx, flowCollectionPadding: padding }, onComment, onChompKeep),
  };
}

function keepingFoldedLines(tag: TagObject, plain: TagStringify, folded: FoldedLines): TagObject {
  return {
    ...tag,
    stringify: (node, ctx, onComment, onChompKeep) => {
      const lines = node instanceof Scalar ? folded.get(node) : undefined;
      if (lines !== undefined && !ctx.inFlow && !ctx.implicitKey) {
        const asLiteral = { value: lines, type: Scalar.BLOCK_LITERAL, comment: (node as Scalar).comment };
        const printed = plain(asLiteral, ctx, onComment, onChompKeep);
        if (printed.startsWith('|')) return `>${printed.slice(1)}`;
      }
      return plain(node, ctx, onComment, onChompKeep);
    },
  };
}
