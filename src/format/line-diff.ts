// A short, unified-style diff of two texts for `runtime fmt --check`: the first hunks only, so a person sees
// what the formatter would change without a wall of text.
export interface LineDiffOptions {
  /** Unchanged lines shown around a change. */
  context: number;
  /** Changed and context lines shown in all; the rest is summarised in one line. */
  maxLines: number;
}

const DEFAULTS: LineDiffOptions = { context: 1, maxLines: 12 };
/** Above this many cells the middle part is shown as removed-then-added instead of a minimal diff. */
const MAX_TABLE_CELLS = 4_000_000;

type Op = { op: ' ' | '-' | '+'; line: string; oldNo: number; newNo: number };

export function lineDiff(before: string, after: string, options: Partial<LineDiffOptions> = {}): string[] {
  const { context, maxLines } = { ...DEFAULTS, ...options };
  const ops = diffOps(splitLines(before), splitLines(after));
  const changed = ops.map((o, i) => (o.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  const shown = new Set<number>();
  for (const i of changed) for (let j = i - context; j <= i + context; j++) if (j >= 0 && j < ops.length) shown.add(j);
  const out: string[] = [];
  let previous = -2;
  let printedChanges = 0;
  for (const i of [...shown].sort((a, b) => a - b)) {
    if (out.length >= maxLines) break;
    const o = ops[i]!;
    if (i !== previous + 1) out.push(`@@ line ${o.oldNo} @@`);
    out.push(`${o.op} ${o.line}`);
    if (o.op !== ' ') printedChanges++;
    previous = i;
  }
  const rest = changed.length - printedChanges;
  if (rest > 0) out.push(`… ${rest} more changed line${rest === 1 ? '' : 's'}`);
  return out;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Common prefix and suffix, then a longest-common-subsequence table for the middle when it is small enough. */
function diffOps(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ op: ' ', line: a[i]!, oldNo: i + 1, newNo: i + 1 });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  for (const o of middleOps(midA, midB)) {
    ops.push({ ...o, oldNo: o.oldNo + start, newNo: o.newNo + start });
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ op: ' ', line: a[i]!, oldNo: i + 1, newNo: j + 1 });
  return ops;
}

function middleOps(a: string[], b: string[]): Op[] {
  const ops: Op[] = [];
  if ((a.length + 1) * (b.length + 1) > MAX_TABLE_CELLS) {
    a.forEach((line, i) => ops.push({ op: '-', line, oldNo: i + 1, newNo: 1 }));
    b.forEach((line, j) => ops.push({ op: '+', line, oldNo: a.length + 1, newNo: j + 1 }));
    return ops;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i]!, oldNo: i + 1, newNo: j + 1 });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      // Removals before additions, as unified diffs show them.
      ops.push({ op: '-', line: a[i]!, oldNo: i + 1, newNo: j + 1 });
      i++;
    } else {
      ops.push({ op: '+', line: b[j]!, oldNo: i + 1, newNo: j + 1 });
      j++;
    }
  }
  return ops;
}
