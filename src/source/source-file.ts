// A YAML definition file parsed with its positions kept, so every later stage can point at file:line:column.
// The plain value is built here by our own walk (not yaml's toJS) so that hostile input is refused with a
// position: forbidden keys, custom tags, merge keys, alias bombs and excessive nesting.
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.js';
import { makeDiagnostic } from '../errors/codes.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Position {
  line: number;
  column: number;
  /** Characters highlighted on that line. */
  length: number;
}

export interface SourceLimits {
  maxBytes: number;
  maxDepth: number;
  /** Nodes produced by expanding aliases, per file: stops "billion laughs". */
  maxAliasNodes: number;
  /** All nodes of a file, aliases included. */
  maxNodes: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxAliasNodes: 1000,
  maxNodes: 200_000,
});

/** A broken file can make the parser report an error per line: the first ones are what a person needs. */
const MAX_YAML_ERRORS = 20;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ALLOWED_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

export class SourceFile {
  /** The plain data; `undefined` when the file could not be parsed at all. */
  readonly value: unknown;
  readonly diagnostics: Diagnostic[] = [];
  private readonly doc: Document | undefined;
  private readonly lines: LineCounter;

  constructor(
    /** Repository-relative path, as shown to people. */
    readonly file: string,
    readonly text: string,
    limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
  ) {
    this.lines = new LineCounter();
    if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
      this.report(0, 1, 'YAML_TOO_LARGE', `file is larger than ${limits.maxBytes} bytes`);
      return;
    }
    const flowDepth = deepestFlowNesting(text);
    if (flowDepth.depth > limits.maxDepth) {
      // The parser recurses per `[`/`{` level and would spend seconds on a hostile file: refuse before parsing.
      indexLines(text, this.lines);
      this.report(flowDepth.offset, 1, 'YAML_TOO_DEEP', `nesting is deeper than ${limits.maxDepth} levels`);
      return;
    }
    const docs = parseAllDocuments(text, {
      lineCounter: this.lines,
      merge: false,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      stringKeys: false,
    });
    const all = Array.isArray(docs) ? docs : [];
    if (all.length === 0) {
      this.value = null;
      return;
    }
    this.doc = all[0];
    for (const extra of all.slice(1)) {
      this.report(extra.range[0], 3, 'YAML_MULTI_DOCUMENT', 'a definition file holds one YAML document; remove the `---` and what follows');
    }
    for (const doc of all.slice(0, 1)) {
      for (const e of doc.errors.slice(0, MAX_YAML_ERRORS)) {
        const code = e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX';
        const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key: the later value would silently replace the earlier one' : firstLine(e.message);
        const length = e.code === 'DUPLICATE_KEY' ? keyLength(text, e.pos[0]) : Math.max(1, e.pos[1] - e.pos[0]);
        this.report(e.pos[0], length, code, message);
      }
      if (doc.errors.length > MAX_YAML_ERRORS) {
        const last = doc.errors[MAX_YAML_ERRORS];
        this.report(last.pos[0], 1, 'YAML_SYNTAX', `${doc.errors.length - MAX_YAML_ERRORS} more YAML errors are not shown; fix the ones above first`);
      }
      for (const w of doc.warnings) {
        if (w.code === 'TAG_RESOLVE_FAILED') continue; // reported as YAML_CUSTOM_TAG by the walk below
        this.report(w.pos[0], Math.max(1, w.pos[1] - w.pos[0]), 'YAML_SYNTAX', firstLine(w.message));
      }
    }
    if (this.diagnostics.some((d) => d.code === 'YAML_SYNTAX')) return;
    const walk = new Walk(this, this.doc, limits);
    this.value = walk.value(this.doc.contents, 0);
  }

  /** Where a path points: at its key (`'key'`) or its value (`'value'`). Falls back to the nearest ancestor. */
  locate(path: Path, at: 'key' | 'value' = 'value'): Position {
    const found = this.findNode(path);
    if (!found) return { line: 1, column: 1, length: 1 };
    const target = at === 'key' && found.key ? found.key : found.node;
    if (!target?.range) return this.position(0, 1);
    const [start, end] = target.range;
    return this.position(start, end - start);
  }

  /** True when `path` exists as written in the file (used to pick the key or the parent of a missing key). */
  has(path: Path): boolean {
    const found = this.findNode(path);
    return found?.exact === true;
  }

  /** The scalar node at `path`, for mapping an offset inside an expression back to the file. */
  scalarAt(path: Path): Scalar | undefined {
    const found = this.findNode(path);
    return found?.exact && isScalar(found.node) ? found.node : undefined;
  }

  /**
   * File position of character `offset` inside the string value of the scalar at `path`.
   * Walks the source and the value side by side, so quotes, escapes and block indentation are skipped.
   */
  locateInScalar(path: Path, offset: number, length = 1): Position {
    const node = this.scalarAt(path);
    if (!node?.range || typeof node.value !== 'string') return this.locate(path);
    const [start, end] = node.range;
    const starts = node.type === 'QUOTE_DOUBLE' ? doubleQuotedStarts(this.text, start, end) : alignedStarts(this.text, node.value, start, end);
    const target = Math.max(0, Math.min(offset, starts.length - 1));
    return this.position(starts[target] ?? start, length);
  }

  position(offset: number, length: number): Position {
    const { line, col } = this.lines.linePos(offset);
    const lineText = this.lineText(line);
    const available = Math.max(1, lineText.length - (col - 1));
    return { line, column: col, length: Math.max(1, Math.min(length, available)) };
  }

  lineText(line: number): string {
    const starts = this.lines.lineStarts;
    const from = starts[line - 1] ?? this.text.length;
    const to = starts[line] !== undefined ? starts[line] - 1 : this.text.length;
    return this.text.slice(from, to).replace(/\r$/, '');
  }

  report(offset: number, length: number, code: string, message: string, hint?: string): void {
    const pos = this.position(offset, length);
    this.diagnostics.push(makeDiagnostic(code, message, this.file, pos, hint));
  }

  private findNode(path: Path): { node: YamlNode | null; key?: YamlNode; exact: boolean } | undefined {
    if (!this.doc) return undefined;
    let node = this.doc.contents as YamlNode | null;
    let key: YamlNode | undefined;
    for (const seg of path) {
      node = this.deref(node);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return { node, key, exact: false };
        key = pair.key as YamlNode;
        node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        key = undefined;
        node = node.items[seg] as YamlNode;
      } else {
        return { node, key, exact: false };
      }
    }
    return { node: this.deref(node), key, exact: true };
  }

  private deref(node: YamlNode | null): YamlNode | null {
    let n = node;
    for (let i = 0; i < 16 && n && isAlias(n); i++) n = (n as Alias).resolve(this.doc!) as YamlNode | null;
    return n;
  }
}

/** Builds plain data from the YAML tree, refusing what a definition never needs. */
class Walk {
  private nodes = 0;
  private aliasNodes = 0;
  private inAlias = 0;
  private stopped = false;

  constructor(private readonly src: SourceFile, private readonly doc: Document, private readonly limits: SourceLimits) {}

  value(node: unknown, depth: number): unknown {
    if (this.stopped || node === null || node === undefined) return null;
    if (++this.nodes > this.limits.maxNodes) return this.stop(node, 'YAML_TOO_LARGE', `file has more than ${this.limits.maxNodes} values`);
    if (this.inAlias > 0 && ++this.aliasNodes > this.limits.maxAliasNodes) {
      return this.stop(node, 'YAML_ALIAS_LIMIT', `aliases expand to more than ${this.limits.maxAliasNodes} values; write the data out or use fewer aliases`);
    }
    if (depth > this.limits.maxDepth) return this.stop(node, 'YAML_TOO_DEEP', `nesting is deeper than ${this.limits.maxDepth} levels`);
    this.checkTag(node);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      this.inAlias++;
      try {
        return this.value(target, depth);
      } finally {
        this.inAlias--;
      }
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'bigint') return Number(v);
      if (v instanceof Uint8Array) return this.stop(node, 'YAML_CUSTOM_TAG', 'binary values are not supported');
      return v;
    }
    if (isSeq(node)) return node.items.map((item) => this.value(item, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key;
        if (!isScalar(keyNode)) {
          this.flag(keyNode ?? pair.value, 'YAML_SYNTAX', 'keys must be plain names, not maps, lists or aliases');
          continue;
        }
        this.checkTag(keyNode);
        const key = String(keyNode.value);
        if (key === '<<' && keyNode.type === 'PLAIN') {
          this.flag(keyNode, 'YAML_MERGE_KEY', 'merge keys (`<<`) are not supported: write the keys out so reviews see them');
          continue;
        }
        if (FORBIDDEN_KEYS.has(key)) {
          this.flag(keyNode, 'YAML_FORBIDDEN_KEY', `the key '${key}' is not allowed`);
          continue;
        }
        out[key] = this.value(pair.value, depth + 1);
      }
      return out;
    }
    return null;
  }

  private checkTag(node: unknown): void {
    const tag = (node as { tag?: string }).tag;
    if (!tag || ALLOWED_TAGS.has(tag)) return;
    // The node's range starts after its tag: point at the `!` that opens the tag.
    const start = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
    const bang = this.src.text.lastIndexOf('!', start);
    const at = bang >= 0 && start - bang < 256 ? bang : start;
    const length = (/^\S+/.exec(this.src.text.slice(at)) ?? [''])[0].length;
    this.src.report(at, length, 'YAML_CUSTOM_TAG', `custom tag '${tag}' is not supported`);
  }

  private flag(node: unknown, code: string, message: string): void {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    this.src.report(range?.[0] ?? 0, range ? range[1] - range[0] : 1, code, message);
  }

  private stop(node: unknown, code: string, message: string): null {
    this.flag(node, code, message);
    this.stopped = true;
    return null;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Source offset of every character of a plain, single-quoted or block scalar's value (plus one past the end).
 * Source and value are walked side by side: characters the value lacks (quotes, block header, indentation)
 * are skipped, and a folded line break matches the space it became.
 */
function alignedStarts(text: string, value: string, start: number, end: number): number[] {
  const out: number[] = [];
  let src = start;
  for (const ch of value) {
    while (src < end && text[src] !== ch && !(ch === ' ' && text[src] === '\n')) src++;
    out.push(Math.min(src, end));
    src++;
  }
  out.push(Math.min(src, end));
  return out;
}

/** The same for a double-quoted scalar, where an escape such as `\n` or `\u00e9` is one value character. */
function doubleQuotedStarts(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  let src = start + 1;
  while (src < end - 1) {
    out.push(src);
    if (text[src] === '\\') {
      const kind = text[src + 1];
      src += kind === 'x' ? 4 : kind === 'u' ? 6 : kind === 'U' ? 10 : 2;
    } else if (text[src] === '\n') {
      src++;
      while (src < end && (text[src] === ' ' || text[src] === '\t')) src++;
    } else src++;
  }
  out.push(src);
  return out;
}

/** Deepest `[`/`{` nesting outside quotes and comments: a linear scan, cheap enough for every file. */
function deepestFlowNesting(text: string): { depth: number; offset: number } {
  let depth = 0;
  let best = 0;
  let at = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if ((c === '"' || c === "'") && depth > 0) quote = c; // quotes only matter inside flow collections here
    else if (c === '[' || c === '{') {
      if (++depth > best) {
        best = depth;
        at = i;
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth: best, offset: at };
}

function indexLines(text: string, lines: LineCounter): void {
  lines.addNewLine(0);
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lines.addNewLine(i + 1);
}

/** Length of a plain or quoted key starting at `offset`, for highlighting all of it. */
function keyLength(text: string, offset: number): number {
  const match = /^("[^"\n]*"|'[^'\n]*'|[^:\n]+?)(?=\s*:)/.exec(text.slice(offset, offset + 1024));
  return Math.max(1, match ? match[0].length : 1);
}
