// jsonata's parser builds a fresh symbol table (about a hundred objects and closures over the parser's state)
// for every expression, and the name, literal and operator nodes of the tree it returns inherit from those
// symbols. A compiled expression therefore keeps its parser alive: about 13 KiB of its 18. The evaluator reads
// only data properties of the nodes, so giving each such node its inherited data as own properties and a plain
// prototype frees the symbol table without changing what evaluation sees.

/** The walk stops here; jsonata's own parser recurses far less deep before failing. */
const MAX_DEPTH = 10_000;

/** Cuts the links from a parsed tree to its parser, in place. */
export function releaseParserState(ast: unknown): void {
  const seen = new Set<object>();
  const stack: { value: unknown; depth: number }[] = [{ value: ast, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_DEPTH) continue;
    seen.add(value);
    if (!Array.isArray(value)) detachFromSymbol(value as Record<string, unknown>);
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
}

function detachFromSymbol(node: Record<string, unknown>): void {
  const proto: unknown = Object.getPrototypeOf(node);
  if (!isParserSymbol(proto)) return;
  // Copy the data the node sees through its prototype (`value`, `id`, ...); the parser's methods (`nud`, `led`)
  // and binding power (`lbp`) are of no use once parsing is over.
  for (const key in node) {
    if (Object.prototype.hasOwnProperty.call(node, key) || key === 'lbp') continue;
    const inherited = node[key];
    if (typeof inherited !== 'function') node[key] = inherited;
  }
  Object.setPrototypeOf(node, Object.prototype);
}

/** A parser symbol has a binding power; RegExp literals and the other objects in a tree do not. */
function isParserSymbol(proto: unknown): boolean {
  return proto !== null && typeof proto === 'object' && proto !== Object.prototype
    && Object.prototype.hasOwnProperty.call(proto, 'lbp');
}
