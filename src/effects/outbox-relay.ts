import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import { outboxKeyOf } from '../session/keys.js';
import { decodeOutboxEntry, type PlannedEffect } from '../session/planned-effect.js';
import type { OutboxPublisher } from './outbox-publisher.js';

/**
 * The hand-off from the reply path to the queues. After the reply, the web role only pushes the
 * session key onto a short "outbox ready" list (one LPUSH, cheap); the relay, running where the
 * workers run, pops it, reads that session's outbox and enqueues its effects with BullMQ, whose
 * `Queue.add` costs several times more CPU and so stays off the web role (bench/RESULTS.md has the
 * figures). The outbox stays the
 * source of truth: a lost notification only means the sweeper enqueues the effects a little later.
 */
export class OutboxRelay {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: () => void = () => undefined;
  /** Settles on `stop()`: a BRPOP queued while Redis is away is never settled by `disconnect()`, so the loop stops waiting for it. */
  private readonly stopping = new Promise<null>((resolve) => (this.wake = () => resolve(null)));

  constructor(
    private readonly blocking: RedisClient,
    private readonly redis: RedisClient,
    private readonly publisher: OutboxPublisher,
    private readonly log: Logger,
    private readonly readyKey: string,
    private readonly maxInFlight = 32,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops popping (its blocking connection is cut, so at once), then waits for the sessions being relayed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.blocking.disconnect();
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Reads one session's outbox and enqueues everything in it. */
  async relay(sessionKey: string): Promise<void> {
    const entries = await this.redis.hgetall(outboxKeyOf(sessionKey));
    const effects: PlannedEffect[] = [];
    for (const [id, raw] of Object.entries(entries)) {
      try {
        effects.push(decodeOutboxEntry(id, sessionKey, raw).effect);
      } catch (err) {
        this.log.error({ effect: id, err: (err as Error).message }, 'unreadable outbox entry left in place');
      }
    }
    if (effects.length > 0) await this.publisher.publish(effects);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let popped: [string, string] | null;
      try {
        popped = await Promise.race([this.blocking.brpop(this.readyKey, 1), this.stopping]);
      } catch (err) {
        if (this.stopped) break;
        this.log.warn({ err: (err as Error).message }, 'outbox relay: could not read the ready list; retrying');
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (!popped) continue;
      const job = this.relay(popped[1])
        .catch((err: Error) => this.log.warn({ err: err.message }, 'outbox relay failed; the sweeper will enqueue those effects'))
        .finally(() => this.inFlight.delete(job));
      this.inFlight.add(job);
      if (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    }
  }
}

/** The web role's side: tell the relay a session's outbox has something (never throws). */
export function notifyOutbox(redis: RedisClient, readyKey: string, sessionKey: string, log: Logger): void {
  redis.lpush(readyKey, sessionKey).catch((err: Error) => log.warn({ err: err.message }, 'could not notify the outbox relay; the sweeper will enqueue those effects'));
}

export function outboxReadyKey(queuePrefix: string): string {
  return `${queuePrefix}:outbox-ready`;
}
