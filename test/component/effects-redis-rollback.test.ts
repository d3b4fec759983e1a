import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atCaller } from '../support/app';
import { QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { eventually } from '../support/eventually';
import { ownRedis, type OwnRedis } from '../support/own-redis';

describe('Redis coming back without its last writes (a restart from a snapshot, a failover to a replica behind)', () => {
  let h: EffectsHarness | undefined;
  let redis: OwnRedis | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('when the final hop was charged, Redis lost it, and the gateway sends that hop again in a later second, then the charge carries the same key and is applied once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdb-'));
    redis = await ownRedis(['--dir', dir]);
    // Another replica answers the repeat: no record of the lost hop in this process's memory either.
    h = await startEffectsHarness({ env: { REDIS_URL: redis.url, SESSION_CACHE_SIZE: '0' } });
    const at = atCaller(h.app);
    for (const chain of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await at.hop(chain);
    const admin = new Redis(redis.url);
    await admin.save(); // the snapshot Redis comes back with: the session before its final hop
    admin.disconnect();

    expect(await at.hop('1*1*2*1*3')).toBe(QUIZ_END);
    const answered = Math.floor(Date.now() / 1000);
    const [charged] = await h.jobIds('billing', at.sessionId);
    await h.settled('billing', [charged as string]);
    await redis.restart();
    await eventually(() => Date.now() >= (answered + 1) * 1000, 'a later second');

    expect(await eventually(async () => ((await at.hop('1*1*2*1*3')) === QUIZ_END ? QUIZ_END : undefined), 'Redis to answer again')).toBe(QUIZ_END);
    const ours = () => h?.billing.ledger.list().filter((e) => e.key.includes(at.sessionId)) ?? [];
    await eventually(() => ours().reduce((n, e) => n + e.attempts, 0) >= 2 && ours().every((e) => e.answer), 'the repeat to reach billing');
    expect(ours().map((e) => [e.key, e.attempts, e.answer?.status])).toEqual([[charged, 2, 201]]);
  });
});
