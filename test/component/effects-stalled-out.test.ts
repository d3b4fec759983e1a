import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { registerEffectMetrics } from '../../src/effects/effect-metrics';
import { jobOptions } from '../../src/effects/queues';
import { loadConfig } from '../../src/config';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { eventually } from '../support/eventually';
import { sample } from '../support/prometheus';
import { plainRedis, testRedisUrl, uniqueId } from '../support/redis';

/** The workers' own bound (effect-worker.ts): a job whose worker died holding it more often than this fails. */
const MAX_STALLED = 5;

/**
 * A worker that dies holding `jobId`, as often as `times`: each takes the job and never finishes it
 * (its process gone: the lock is no longer renewed), then BullMQ's stalled check, with the
 * workers' own bound, finds the lock expired and puts the job back. The check runs from a worker
 * that takes no jobs, so what happens to the job next is up to the service's workers.
 */
async function dieHolding(queue: Queue, jobId: string, times: number): Promise<void> {
  const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const opts = { connection, prefix: queue.opts.prefix };
  const checker = new Worker(queue.name, null, { ...opts, autorun: false, maxStalledCount: MAX_STALLED, stalledInterval: 100 });
  try {
    for (let i = 0; i < times; i++) {
      const dying = new Worker(queue.name, () => new Promise(() => undefined), { ...opts, lockDuration: 200, skipStalledCheck: true });
      await eventually(async () => (await queue.getJobState(jobId)) === 'active', 'a worker to take the job');
      await dying.close(true);
      if (i === 0) void checker.startStalledCheckTimer();
      await eventually(async () => (await queue.getJobState(jobId)) === 'waiting', 'the stalled check to put the job back');
    }
  } finally {
    await checker.close();
    await connection.quit();
  }
}

describe('a charge whose worker died holding it more often than the workers allow', () => {
  let h: EffectsHarness | undefined;
  let queue: Queue | undefined;
  const probe = plainRedis();
  afterEach(async () => {
    await h?.close();
    await queue?.close();
  });
  afterAll(() => probe.disconnect());

  it('when BullMQ fails it as stalled, then it counts as failed (the alert) and is logged as an error, not as a charge the provider refused', async () => {
    const prefix = `{${uniqueId('q')}}`;
    const sessionId = uniqueId('stalled');
    const id = `at.${sessionId}.result.6.0.1796000000`;
    const config = loadConfig({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix });
    queue = new Queue('billing', { connection: probe, prefix });
    const data = { id, sessionId, msisdn: '254711000666', effect: { kind: 'charge', amount: 5, currency: 'KES', description: 'Eneza quiz: Math' } };
    await queue.add('charge', data, { ...jobOptions(config), jobId: id });
    await dieHolding(queue, id, MAX_STALLED + 1);

    h = await startEffectsHarness({ env: { QUEUE_PREFIX: prefix } });
    registerEffectMetrics(h.deps.metrics, h.deps.effects.queues, h.workers);
    expect(await h.settled('billing', [id])).toEqual(['failed']);
    expect((await queue.getJob(id))?.failedReason).toBe('job stalled more than allowable limit');
    expect(h.billing.ledger.list()).toEqual([]);

    const metrics = (await request(h.app).get('/metrics')).text;
    expect({ failed: sample(metrics, 'ussd_effect_jobs_total', { queue: 'billing', outcome: 'failed' }), rejected: sample(metrics, 'ussd_effect_jobs_total', { queue: 'billing', outcome: 'rejected' }) }).toEqual({ failed: 1, rejected: 0 });
    const line = h.workerLog.lines().find((l) => l.effect === id);
    expect(line).toMatchObject({ level: 50, msg: 'effect failed for good without another attempt', reason: 'job stalled more than allowable limit' });
  });
});
