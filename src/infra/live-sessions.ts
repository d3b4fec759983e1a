/**
 * Live sessions, estimated without touching Redis.
 *
 * A session is live while its latest stored hop is younger than the TTL. Every callback that
 * stores a live record adds +1 at that record's second (`storedAt`); every callback that replaces
 * a live record (the next hop, the final hop, a gateway's end signal) adds -1 at the replaced
 * record's second (`replacedAt`), which the record itself carries. The sum over the last TTL
 * seconds is then the number of sessions whose latest hop is live.
 *
 * The +1 and the -1 of one record may land on different replicas, so one replica's number can
 * even be negative: `sum()` over replicas is the count (exact up to clock skew between replicas
 * and whole-second rounding). A replica that restarts loses its +1s; the error leaves the window
 * within one TTL. Cost per callback: one or two typed-array additions.
 */
export class LiveSessions {
  private readonly counts: Float64Array;
  private readonly seconds: Float64Array;

  constructor(private readonly ttlSeconds: number) {
    this.counts = new Float64Array(ttlSeconds + 2);
    this.seconds = new Float64Array(ttlSeconds + 2).fill(-1);
  }

  /** A live record stamped `at` (epoch seconds, possibly with a fraction) was stored (+1) or replaced (-1). */
  add(at: number, delta: 1 | -1): void {
    const second = Math.floor(at);
    const i = second % this.counts.length;
    const held = this.seconds[i] ?? -1;
    if (held > second) return; // that second already left the window
    if (held < second) {
      this.seconds[i] = second;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + delta;
  }

  /**
   * This replica's share of the sessions live at `nowSecond`. The next second counts too: the -1
   * for a record may come from a replica whose clock runs up to a second ahead of this one's.
   */
  count(nowSecond: number): number {
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const s = this.seconds[i] ?? -1;
      if (s > nowSecond - this.ttlSeconds && s <= nowSecond + 1) sum += this.counts[i] ?? 0;
    }
    return sum;
  }
}
