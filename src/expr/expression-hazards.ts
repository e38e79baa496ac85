// What in an expression needs a second look at load time: regular-expression literals, checked for catastrophic
// backtracking (a JSONata timeout cannot interrupt a regex that is matching), and `$eval`, which would run data
// as an expression, beyond every load-time check. Found once, from the tree the syntax check built.

export interface TextSpan {
  /** Offset in the expression text. */
  readonly offset: number;
  readonly length: number;
}

export interface RegexLiteral extends TextSpan {
  readonly pattern: string;
  /** As written (`i`, `m`); jsonata's own `g` is left out. */
  readonly flags: string;
}

export interface ExpressionHazards {
  readonly regexes: readonly RegexLiteral[];
  readonly evalUses: readonly TextSpan[];
}

/** Most expressions have none: they all share this one. */
export const NO_HAZARDS: ExpressionHazards = Object.freeze({ regexes: Object.freeze([]), evalUses: Object.freeze([]) });

/** Deeper trees exist only in hostile input; the evaluator's own depth limit rejects them anyway. */
const MAX_WALK_DEPTH = 500;

interface Node {
  type?: unknown;
  value?: unknown;
  position?: unknown;
  [key: string]: unknown;
}

export function hazardsInTree(ast: unknown): ExpressionHazards {
  const regexes: RegexLiteral[] = [];
  const evalUses: TextSpan[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > MAX_WALK_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const node = value as Node;
    const end = typeof node.position === 'number' ? node.position : 0;
    if (node.type === 'regex' && node.value instanceof RegExp) {
      const flags = node.value.flags.replace('g', '');
      const length = node.value.source.length + 2 + flags.length;
      regexes.push({ pattern: node.value.source, flags, offset: Math.max(0, end - length), length });
      return;
    }
    // `$eval(...)`, and `$eval` passed around as a value: jsonata positions a variable at its end.
    if (node.type === 'variable' && node.value === 'eval') evalUses.push({ offset: Math.max(0, end - '$eval'.length), length: '$eval'.length });
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'position' && key !== 'type') visit(child, depth + 1);
    }
  };
  visit(ast, 0);
  if (regexes.length === 0 && evalUses.length === 0) return NO_HAZARDS;
  return Object.freeze({ regexes: Object.freeze(regexes), evalUses: Object.freeze(evalUses) });
}
