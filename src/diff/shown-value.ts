// Values from definitions as they appear inside one-line messages: short, on one line, JSON-like.
const MAX_SHOWN = 60;

export function shownValue(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 1)}…` : oneLine;
}

/** `a, b, c` with at most `max` names, then `and N more`. */
export function shownList(values: readonly unknown[], max = 5): string {
  const shown = values.slice(0, max).map(shownValue).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
