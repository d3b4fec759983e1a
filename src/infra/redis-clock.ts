import type { RedisClient } from './redis.js';

/** How far Redis's clock is ahead of this host's, in ms (negative: behind). */
export interface ClockOffset {
  readonly offsetMs: number;
}

interface Sample {
  offsetMs: number;
  roundTripMs: number;
}

/** Samples kept; the one that took the shortest round trip is the best estimate (as NTP picks). */
const KEPT = 6;

/**
 * Measures the difference between this host's clock and Redis's (`TIME`), off the reply path: a
 * hop's cut-off is worked out here and compared with `TIME` in Redis's script
 * (docs/adr/redis-clock-offset.md), so a host clock off by seconds would otherwise refuse every
 * write or let late ones through. One `TIME` per interval; a failed sample keeps the last estimate.
 */
export class RedisClock implements ClockOffset {
  private readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private current = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly onOffset: (offsetMs: number) => void = () => undefined,
  ) {}

  get offsetMs(): number {
    return this.current;
  }

  /** One `TIME`: Redis's reading against the middle of the round trip, error at most half of it. */
  async sample(): Promise<void> {
    const sent = performance.now();
    const before = Date.now();
    const [seconds, micros] = await this.redis.time();
    const roundTripMs = performance.now() - sent;
    const redisMs = Number(seconds) * 1000 + Number(micros) / 1000;
    const latest: Sample = { offsetMs: redisMs - (before + roundTripMs / 2), roundTripMs };
    // Each sample puts the offset within ± half its round trip (and Date.now's millisecond): one
    // outside the best's range means a clock was stepped since.
    const best = this.best();
    if (best && Math.abs(latest.offsetMs - best.offsetMs) > (latest.roundTripMs + best.roundTripMs) / 2 + 2) this.samples.length = 0;
    this.samples.push(latest);
    if (this.samples.length > KEPT) this.samples.shift();
    this.current = Math.round((this.best() ?? latest).offsetMs);
    this.onOffset(this.current);
  }

  private best(): Sample | undefined {
    return this.samples.reduce<Sample | undefined>((a, b) => (a && a.roundTripMs <= b.roundTripMs ? a : b), undefined);
  }

  /**
   * Samples every `intervalMs` until `stop()`, the first time now: resolves once that sample is in,
   * or failed, or `intervalMs` went by (a Redis that stalls at start-up does not hold it up).
   */
  async start(intervalMs: number): Promise<void> {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), intervalMs).unref();
    let waited: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => (waited = setTimeout(resolve, intervalMs)));
    await Promise.race([this.sample().catch(() => undefined), giveUp]);
    clearTimeout(waited);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
