// jsonata marks the arrays it builds as "sequences" with extra properties. A marked array stored in the scope
// would behave differently in the next expression (a one-element sequence collapses to its element), so
// the marks are removed in place: no copying, and untouched input data costs one property check per node.

const SEQUENCE_MARKS = ['sequence', 'keepSingleton', 'outerWrapper', 'tupleStream', 'cons'] as const;
/** Deeper than any JSON a flow handles sensibly; also stops on cyclic data. */
const MAX_DEPTH = 256;

export function plainResult(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isJsonataFunction(value)) return undefined;
  unmark(value, 0);
  return value;
}

function unmark(value: object, depth: number): void {
  if (depth > MAX_DEPTH || Object.isFrozen(value) || isJsonataFunction(value)) return;
  if (Array.isArray(value)) {
    for (const mark of SEQUENCE_MARKS) {
      if (Object.prototype.hasOwnProperty.call(value, mark)) delete (value as unknown as Record<string, unknown>)[mark];
    }
    for (const item of value) if (item !== null && typeof item === 'object') unmark(item, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return; // Buffers, file handles, dates
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') unmark(item, depth + 1);
  }
}

/** A lambda or native function value: it holds the whole evaluation environment and is not data. */
function isJsonataFunction(value: object): boolean {
  const v = value as Record<string, unknown>;
  return v._jsonata_lambda === true || v._jsonata_function === true || typeof value === 'function';
}
