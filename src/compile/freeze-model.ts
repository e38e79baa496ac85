// Deep-freezes the compiled model before anything runs. Plain objects, arrays and the model's maps are
// frozen; compiled expressions and templates are class instances holding library state and are left alone.

/** A Map that refuses changes once built (Object.freeze does not stop `set`). */
export class FrozenMap<K, V> extends Map<K, V> {
  private sealed = false;

  constructor(entries: Iterable<readonly [K, V]>) {
    super(entries);
    this.sealed = true;
  }

  override set(key: K, value: V): this {
    if (this.sealed) throw new TypeError('the compiled model is read-only');
    return super.set(key, value);
  }

  override delete(_key: K): boolean {
    throw new TypeError('the compiled model is read-only');
  }

  override clear(): void {
    throw new TypeError('the compiled model is read-only');
  }
}

export function deepFreeze<T>(value: T): T {
  freezeValue(value, new Set());
  return value;
}

function freezeValue(value: unknown, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof FrozenMap) {
    for (const v of value.values()) freezeValue(v, seen);
    Object.freeze(value);
    return;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return;
  for (const v of Object.values(value)) freezeValue(v, seen);
  Object.freeze(value);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
