import { LRUCache } from 'lru-cache';

interface Entry<V> {
  readonly value: V;
  readonly untilMs: number;
}

/**
 * Key rows read from the database, kept for `ttlMs` and bounded to `maxEntries`: when full, the
 * entry used least recently goes (a flood of unknown key ids pushes out only cold keys, never
 * all of them at once). `undefined` (no such key) is cached too, so a repeated bad key costs no
 * query. `ttlMs` 0 keeps nothing.
 */
export class KeyCache<V> {
  private readonly entries: LRUCache<string, Entry<V>>;

  constructor(
    private readonly ttlMs: number,
    maxEntries: number,
  ) {
    this.entries = new LRUCache<string, Entry<V>>({ max: maxEntries });
  }

  /** The cached value, or `miss` when there is none or it is older than the TTL. */
  get(key: string, nowMs: number = Date.now()): { hit: true; value: V } | { hit: false } {
    const entry = this.entries.get(key);
    if (entry === undefined) return { hit: false };
    if (entry.untilMs <= nowMs) {
      this.entries.delete(key);
      return { hit: false };
    }
    return { hit: true, value: entry.value };
  }

  set(key: string, value: V, nowMs: number = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.set(key, { value, untilMs: nowMs + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
