// Human-written quantities of the definition format: durations (`500ms`, `30s`, `5m`, `2h`, `7d`) and sizes (`512kb`, `1mb`).

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Milliseconds, or undefined when the text is not a duration or is too large to be exact. */
export function parseDuration(text: unknown): number | undefined {
  return parseWithUnits(text, /^([0-9]{1,15})(ms|s|m|h|d)$/, DURATION_UNITS);
}

/** Bytes, or undefined when the text is not a size. */
export function parseByteSize(text: unknown): number | undefined {
  return parseWithUnits(text, /^([0-9]{1,15})(b|kb|mb)$/, SIZE_UNITS);
}

function parseWithUnits(text: unknown, pattern: RegExp, units: Readonly<Record<string, number>>): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = pattern.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]) * units[m[2]];
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Schedules without a `timezone` run in UTC, whatever the machine's TZ: the same file means the same times everywhere. */
export const DEFAULT_TIMEZONE = 'UTC';
