// Identical expression and template texts recur across a project (`{{inputs.id}}` in hundreds of cards), so
// what is derived from a text is built once and shared. Entries are held weakly: the cache keeps nothing alive
// that no loaded model uses, so reloading a project never accumulates the texts of earlier versions.

export class WeakValueCache<V extends object> {
  readonly #entries = new Map<string, WeakRef<V>>();
  readonly #cleanup = new FinalizationRegistry<string>((key) => {
    // The key may have been filled again since its old value was collected.
    if (this.#entries.get(key)?.deref() === undefined) this.#entries.delete(key);
  });

  get(key: string): V | undefined {
    return this.#entries.get(key)?.deref();
  }

  set(key: string, value: V): void {
    this.#entries.set(key, new WeakRef(value));
    this.#cleanup.register(value, key);
  }

  /** Live entries and entries whose value was collected but not yet swept (for tests and measurements). */
  get size(): number {
    return this.#entries.size;
  }
}
