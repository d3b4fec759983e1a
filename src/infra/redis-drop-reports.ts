import type { DropReports } from '../session/drop-reports.js';
import { dropReportsKey } from '../session/keys.js';
import type { RedisClient } from './redis.js';

/**
 * How often a replica reads again what Redis remembers: the first report another replica saw
 * reaches it at its first dial after this, and the flag's expiry too.
 */
const RECHECK_MS = 5 * 60_000;
/** A gateway silent this long is taken as no longer reporting (its notification URL removed). */
const REMEMBERED_SECONDS = 7 * 24 * 3600;

/** `ussd:ends:{<gateway>}`, set (with a week's TTL) at every end-of-session report. */
export class RedisDropReports implements DropReports {
  private readonly known = new Map<string, { seen: boolean; checkedAt: number }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix?: string,
  ) {}

  seen(gateway: string): boolean {
    return this.known.get(gateway)?.seen ?? false;
  }

  refresh(gateway: string): Promise<void> | undefined {
    const known = this.known.get(gateway);
    const now = Date.now();
    if (known && now - known.checkedAt < RECHECK_MS) return undefined;
    // Dials meanwhile do not read it again.
    this.known.set(gateway, { seen: known?.seen ?? false, checkedAt: now });
    return this.redis.exists(dropReportsKey(gateway, this.keyPrefix)).then(
      (n) => void this.known.set(gateway, { seen: n === 1, checkedAt: now }),
      // Unknown: the sessions keep writing pointers with their hops, which is never wrong.
      () => undefined,
    );
  }

  async note(gateway: string): Promise<void> {
    this.known.set(gateway, { seen: true, checkedAt: Date.now() });
    await this.redis.set(dropReportsKey(gateway, this.keyPrefix), '1', 'EX', REMEMBERED_SECONDS);
  }
}
