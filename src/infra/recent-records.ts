/**
 * The records this process stored last, by session key: what the next hop of the same session
 * would read back from Redis if no other replica wrote it since. Never trusted on its own: a hop
 * stepped from here is stored by a compare-and-set on these exact bytes, so a stale entry costs
 * only the failed attempt (and the write's reply carries the current record).
 *
 * Bounded by count (least recently written goes first) and by age (older than the idle TTL, an
 * entry could only describe an expired session; `get` never returns one).
 *
 * Eviction walks the map from its oldest entry, and a V8 Map's iteration also walks every hole that
 * deletions left until the table is next rebuilt: tens of thousands in a full cache, whose writes
 * delete and re-add keys all the time. So the walk is not made per write but in sweeps: when the
 * count is exceeded (down to 15/16 of the bound, so the next one is far off) and at most every
 * 1/16 of the TTL for age (`bench/record-cache-cost.ts` measures a write in each regime).
 */
export class RecentRecords<T = string> {
  private readonly entries = new Map<string, { value: T; ms: number }>();
  private sweptMs: number;

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.sweptMs = nowMs();
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.nowMs() - entry.ms < this.maxAgeMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T): void {
    if (this.maxEntries === 0) return;
    const ms = this.nowMs();
    // Re-inserting moves the key to the end: the map stays in order of writing, oldest first.
    this.entries.delete(key);
    this.entries.set(key, { value, ms });
    if (this.entries.size > this.maxEntries || ms - this.sweptMs >= this.maxAgeMs / 16) this.sweep(ms);
  }

  /** Drops the entries past their age and, when over the bound, the oldest down to 15/16 of it. */
  private sweep(ms: number): void {
    this.sweptMs = ms;
    const keep = this.entries.size > this.maxEntries ? this.maxEntries - Math.floor(this.maxEntries / 16) : Infinity;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= keep && ms - entry.ms < this.maxAgeMs) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
