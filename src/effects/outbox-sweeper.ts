import { randomUUID } from 'node:crypto';
import { scanNodes, type RedisClient } from '../infra/redis.js';
import type { Logger } from '../infra/logger.js';
import { outboxKeyPattern, sessionKeyOfOutbox } from '../session/keys.js';
import { decodeOutboxEntry, type PlannedEffect } from '../session/planned-effect.js';
import type { OutboxPublisher } from './outbox-publisher.js';

export interface SweeperOptions {
  /** How often to sweep; 0 turns the sweeper off. */
  intervalMs: number;
  /** Entries younger than this belong to a request still in flight: left to it. */
  minAgeMs: number;
  /** One replica sweeps per interval: whoever takes this key first. */
  lockKey: string;
  /** The deployment's `KEY_PREFIX`: only its outboxes are swept, never another deployment's sharing the Redis. */
  keyPrefix: string;
  /** Narrower still: which of those keys to look at (tests narrow it to their own sessions). */
  match?: string;
}

/**
 * Re-enqueues effects left in an outbox: the process died, or Redis was away, between the
 * atomic session + outbox write and the enqueue. Outbox keys live in their sessions' slots, so
 * they are found with SCAN (on every node of a Cluster) rather than a global index that could
 * not be written atomically with the session. The effect id is the job id, so an entry enqueued
 * twice is still one job.
 */
export class OutboxSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly token = randomUUID();

  constructor(
    private readonly redis: RedisClient,
    private readonly publisher: OutboxPublisher,
    private readonly log: Logger,
    private readonly opts: SweeperOptions,
  ) {}

  start(): void {
    if (this.opts.intervalMs <= 0 || this.timer) return;
    const tick = async () => {
      try {
        if (await this.takeTurn()) await this.sweepOnce();
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'outbox sweep failed; will try again');
      }
    };
    const loop = () => {
      this.running = tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.opts.intervalMs);
      });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Sweeps every outbox once; resolves with how many effects it handed to the publisher. */
  async sweepOnce(now = Date.now()): Promise<number> {
    let handed = 0;
    for (const node of scanNodes(this.redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', this.opts.match ?? outboxKeyPattern(this.opts.keyPrefix), 'COUNT', 500);
        cursor = next;
        const found = await Promise.all(keys.map(async (key) => this.staleEntries(key, await node.hgetall(key), now)));
        for (const effects of found) {
          if (effects.length === 0) continue;
          handed += effects.length;
          await this.publisher.publish(effects);
        }
      } while (cursor !== '0' && !this.stopped); // a shutdown does not wait for a whole sweep
    }
    if (handed > 0) this.log.info({ effects: handed }, 'outbox sweep: re-enqueued effects left behind');
    return handed;
  }

  private async takeTurn(): Promise<boolean> {
    return (await this.redis.set(this.opts.lockKey, this.token, 'PX', this.opts.intervalMs, 'NX')) === 'OK';
  }

  private staleEntries(key: string, entries: Record<string, string>, now: number): PlannedEffect[] {
    const sessionKey = sessionKeyOfOutbox(key);
    const stale: PlannedEffect[] = [];
    for (const [id, raw] of Object.entries(entries)) {
      try {
        const { effect, at } = decodeOutboxEntry(id, sessionKey, raw);
        if (now - at >= this.opts.minAgeMs) stale.push(effect);
      } catch (err) {
        this.log.error({ key, effect: id, err: (err as Error).message }, 'unreadable outbox entry left in place');
      }
    }
    return stale;
  }
}
