// How values, types and schema patterns are put in words in diagnostics.

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a map',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true/false',
  null: 'nothing',
};

/** `['string', 'object']` -> `text or a map`. */
export function typeWords(types: string | readonly string[]): string {
  const list = typeof types === 'string' ? [types] : types;
  return list.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

/** What a YAML value is, in the words of `typeWords`; `1.5` where a whole number is expected is "a fractional number". */
export function valueKindWords(value: unknown, expected: string | readonly string[] = []): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return expected.includes('integer') && !Number.isInteger(value) ? 'a fractional number' : 'a number';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'true/false';
  return 'a map';
}

const MAX_SHOWN = 60;

/** A value as shown inside a message: strings quoted and cut short, control characters escaped. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value;
    return `'${JSON.stringify(cut).slice(1, -1).replace(/\\"/g, '"')}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return valueKindWords(value);
}

/**
 * The form each pattern of the schemas asks for, in words. A test keeps this list complete:
 * every `pattern` in schemas/ must have an entry.
 */
export const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^[A-Za-z_][A-Za-z0-9_]*$': 'is not a valid name: use letters, digits and _, not starting with a digit',
  '^[a-z][a-z0-9_-]*$': 'is not a valid connector or flow name: use lowercase letters, digits, _ and -, starting with a letter',
  '^[A-Za-z0-9_][A-Za-z0-9_.-]*$': 'is not a valid connection name: use letters, digits, _, . and -',
  '^[0-9]+(ms|s|m|h|d)$': 'is not a duration: write a whole number and a unit (ms, s, m, h or d), e.g. 30s or 5m',
  '^[0-9]+(b|kb|mb)$': 'is not a size: write a whole number and a unit (b, kb or mb), e.g. 512kb or 1mb',
  '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$':
    'is not a semantic version such as 1.2.0',
  '^[a-z][a-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*$': 'is not a card reference: write connector.card, e.g. okta.create_user',
  "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$": 'is not a valid HTTP header name',
};

export const FORMAT_WORDS: Readonly<Record<string, string>> = {
  'date-time': 'is not a date and time such as 2026-11-23T18:00:00Z',
  hostname: 'is not a host name such as uploads.acme.example',
};
