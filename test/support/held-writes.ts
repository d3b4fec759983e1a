import type { Redis } from 'ioredis';
import type { TestApp } from './app';
import { eventually } from './eventually';

/**
 * Settings for an app whose writes a test holds (a race staged in Redis): no command timeout,
 * deadline or shutdown wait may answer busy or give up while they are held.
 */
export const PATIENT_WRITES = { REDIS_COMMAND_TIMEOUT_MS: '10000', RESPONSE_DEADLINE_MS: '20000', SHUTDOWN_TIMEOUT_MS: '30000' };

/** Counts the compare-and-sets (script calls) `app` has sent to Redis until `stop()`. */
function casCounter(app: TestApp): { sent: () => number; stop: () => void } {
  const stream = (app.deps.redis as Redis).stream;
  const write = stream.write.bind(stream);
  let sent = 0;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    sent += (String(chunk).match(/\r\neval(sha)?\r\n/gi) ?? []).length;
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  });
  return { sent: () => sent, stop: () => (stream.write = write) };
}

export interface HeldWrites {
  /** Compare-and-sets sent so far by `app` (by every app when not given). */
  sent(app?: TestApp): number;
  /** Lets Redis run the writes it holds, in the order they came, and stops counting. */
  release(): Promise<void>;
}

/**
 * Redis (a server of the test's own, through `admin`) holds every write from now until `release()`,
 * while the apps' compare-and-sets are counted: requests truly at the same moment, in an order the
 * test chooses. The apps' command timeout and deadline must outlast the hold.
 */
export async function holdWrites(admin: Redis, apps: TestApp[]): Promise<HeldWrites> {
  const counters = new Map(apps.map((app) => [app, casCounter(app)]));
  await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
  return {
    sent: (app) => (app ? (counters.get(app)?.sent() ?? 0) : [...counters.values()].reduce((n, c) => n + c.sent(), 0)),
    async release() {
      for (const c of counters.values()) c.stop();
      await admin.call('CLIENT', 'UNPAUSE');
    },
  };
}

/** Runs `both` with writes held until the apps have sent `casCount` compare-and-sets between them. */
export async function withWritesHeld<T>(admin: Redis, apps: TestApp[], casCount: number, both: () => Promise<T>): Promise<T> {
  const held = await holdWrites(admin, apps);
  try {
    const running = both();
    await eventually(() => held.sent() >= casCount, `${casCount} compare-and-sets sent`, 3000);
    await held.release();
    return await running;
  } finally {
    await held.release();
  }
}
