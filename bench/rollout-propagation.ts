import { Redis } from 'ioredis';
import pino from 'pino';
import { startLocalRedis } from '../src/infra/local-redis';
import { RolloutOverrides } from '../src/infra/rollout/rollout-overrides';
import { freePort } from '../test/support/own-redis';
import { median } from './stats';

/*
 * npx tsx bench/rollout-propagation.ts [changes]
 * How long an admin `PUT .../rollout` on one replica takes to be in force on another: two
 * RolloutOverrides (each replica's) on a Redis of their own; replica A sets a new share, the clock
 * stops when replica B's in-memory override shows it (checked every millisecond).
 */
async function main(): Promise<void> {
  const changes = Number(process.argv[2] ?? 100);
  const port = await freePort();
  const child = await startLocalRedis(port);
  const url = `redis://127.0.0.1:${port}`;
  const log = pino({ level: 'silent' });
  const [a, b] = [0, 1].map(() => new RolloutOverrides(new Redis(url), new Redis(url), 'bench', log)) as [RolloutOverrides, RolloutOverrides];
  try {
    await Promise.all([a.start(), b.start()]);
    const took: number[] = [];
    for (let i = 0; i < changes; i++) {
      const share = i % 101;
      const started = performance.now();
      await a.set('quiz', { share });
      while (b.get('quiz')?.share !== share) await new Promise((r) => setTimeout(r, 1));
      took.push(performance.now() - started);
    }
    took.sort((x, y) => x - y);
    const p = (q: number) => took[Math.min(took.length - 1, Math.floor(q * took.length))] ?? NaN;
    process.stdout.write(`rollout propagation over ${changes} changes: median ${median(took).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms, max ${p(1).toFixed(1)} ms\n`);
  } finally {
    await Promise.all([a.close(), b.close()]);
    child.kill();
    process.exit(0);
  }
}

void main();
