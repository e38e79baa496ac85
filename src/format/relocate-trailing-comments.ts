// The yaml parser gives every comment line after the last item of a block map or list to that collection,
// even lines written further left, which belong to a key further out:
//
//   auth:
//     type: none
//     # about auth (stays in auth)
//
//   # about actions (belongs before `actions:`, not inside auth)
//   actions:
//
// Printed as parsed, the second comment would move into `auth`. This moves such lines, by the column they
// were written at, to the collection they belong to: before its next item, or to its end.
import { isCollection, isNode, isPair, type Document, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';

interface CommentLine {
  /** The text after `#`, as yaml stores it. */
  text: string;
  column: number;
  blankBefore: boolean;
  /** A blank line follows it in the source. */
  blankAfter: boolean;
}

type Collection = YAMLMap | YAMLSeq;

export function relocateTrailingComments(doc: Document, text: string): void {
  const root = doc.contents;
  if (!isCollection(root)) return;
  const escaped = settle(root, text);
  // Only a root map indented in the source can let lines go further left: they end the file.
  if (escaped.length > 0) root.comment = joinComment([...commentLinesOf(root.comment), ...escaped]);
}

/** Settles `node`'s subtree and returns the trailing comment lines that belong outside of it. */
function settle(node: unknown, text: string): CommentLine[] {
  if (!isCollection(node) || node.flow || !node.range) return [];
  const column = columnAt(text, node.range[0]);
  const items = node.items as unknown[];
  let carried: CommentLine[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const child = isPair(item) ? item.value : item;
    const out = settle(child, text);
    if (out.length === 0) continue;
    // Lines before a further item of this collection belong to that item, whatever their column.
    if (i + 1 < items.length) prependBefore(items[i + 1], out);
    else carried = out;
  }
  const own = ownTrailingLines(node, text);
  if (own === undefined) {
    // The collection's own comment is kept as parsed; lines its last item let go stay here, before it.
    if (carried.length > 0) node.comment = joinLines(joinComment(carried), node.comment);
    return [];
  }
  const all = [...carried, ...own];
  const { inside, outside } = split(all, column);
  if (carried.length === 0 && outside.length === 0) return [];
  // A trailing newline is how yaml keeps a blank line after a collection's last comment; when lines leave,
  // the first of them carries that blank line instead.
  const last = inside[inside.length - 1];
  node.comment = last ? `${joinComment(inside)}${last.blankAfter && outside.length === 0 ? '\n' : ''}` : null;
  return outside;
}

/** Lines at the collection's column or deeper stay; the first one further left and all after it leave. */
function split(lines: CommentLine[], column: number): { inside: CommentLine[]; outside: CommentLine[] } {
  const at = lines.findIndex((l) => l.column < column);
  return at === -1 ? { inside: lines, outside: [] } : { inside: lines.slice(0, at), outside: lines.slice(at) };
}

/**
 * The comment lines after the collection's last item, read from the source with their columns; undefined
 * when they cannot be matched with what the parser stored (the comment is then left as parsed).
 */
function ownTrailingLines(node: Collection, text: string): CommentLine[] | undefined {
  const stored = node.comment ?? '';
  if (stored === '') return [];
  const [, valueEnd, nodeEnd] = node.range!;
  const lines = scanCommentLines(text, valueEnd, nodeEnd);
  if (lines === undefined) return undefined;
  const expected = stored.split('\n').filter((l) => l !== '');
  if (expected.length !== lines.length || expected.some((t, i) => t !== lines[i]!.text)) return undefined;
  return lines;
}

function scanCommentLines(text: string, from: number, to: number): CommentLine[] | undefined {
  const out: CommentLine[] = [];
  let blank = false;
  // Start at the beginning of the line holding `from` only if it is blank up to there.
  let at = from;
  while (at < to) {
    let end = text.indexOf('\n', at);
    if (end === -1 || end > to) end = to;
    const line = text.slice(at, end).replace(/\r$/, '');
    if (line.trim() === '') {
      blank = true;
      if (out.length > 0) out[out.length - 1]!.blankAfter = true;
    } else {
      const m = /^([ \t]*)#(.*)$/.exec(line);
      if (!m) return undefined;
      out.push({ text: m[2]!, column: columnAt(text, at + m[1]!.length), blankBefore: blank, blankAfter: false });
      blank = false;
    }
    at = end + 1;
  }
  return out;
}

function prependBefore(item: unknown, lines: CommentLine[]): void {
  const target = (isPair(item) ? item.key : item) as YamlNode | null;
  if (!isNode(target)) return;
  const moved = joinComment(lines);
  const existing = target.commentBefore;
  const last = lines[lines.length - 1]!;
  target.commentBefore = existing ? `${moved}${target.spaceBefore ? '\n\n' : '\n'}${existing}` : `${moved}${last.blankAfter ? '\n' : ''}`;
  target.spaceBefore = lines[0]!.blankBefore;
}

function joinComment(lines: CommentLine[]): string {
  return lines.map((l, i) => (i > 0 && l.blankBefore ? `\n${l.text}` : l.text)).join('\n');
}

function commentLinesOf(comment: string | null | undefined): CommentLine[] {
  return (comment ?? '')
    .split('\n')
    .filter((t) => t !== '')
    .map((t) => ({ text: t, column: 0, blankBefore: false, blankAfter: false }));
}

/** 0-based column of an offset. */
function columnAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function joinLines(a: string, b: string | null | undefined): string {
  return b ? `${a}\n${b}` : a;
}
