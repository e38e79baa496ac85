// Repeatable `--option k=v` / `--field k=v` flags collected into one map. Values stay text: the card's or
// connection's declared types coerce them later (`10` becomes a Number where a Number is declared).
import { InvalidArgumentError } from 'commander';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_ENTRIES = 200;

/** A commander argument parser: `.option('--option <k=v>', '...', collectKeyValue, {})`. */
export function collectKeyValue(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got '${text.slice(0, 40)}'`);
  const key = text.slice(0, eq);
  if (!KEY.test(key)) throw new InvalidArgumentError(`'${key.slice(0, 40)}' is not a field name (letters, digits and _)`);
  if (Object.keys(previous).length >= MAX_ENTRIES) throw new InvalidArgumentError(`at most ${MAX_ENTRIES} values`);
  const out: Record<string, string> = { ...previous };
  Object.defineProperty(out, key, { value: text.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  return out;
}
