import { Queue } from 'bullmq';
import { loadConfig } from '../../src/config';
import { EffectWorker } from '../../src/effects/effect-worker';
import type { EffectJob } from '../../src/effects/effect-job';
import { ProviderSet } from '../../src/effects/provider-set';
import { jobOptions } from '../../src/effects/queues';
import { createRedis } from '../../src/infra/redis';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { eventually } from '../support/eventually';
import { capturingLogger } from '../support/log-capture';
import { testRedisUrl, uniqueId } from '../support/redis';

/*
 * A kind whose provider is chosen per effect (the coming `call`, one breaker per source) shares
 * one queue between providers: an open breaker must not hold that queue, so the worker is given no
 * holding breakers and its jobs wait on their own. Driven here with charges on a real queue.
 */
const config = loadConfig({
  REDIS_URL: testRedisUrl(),
  QUEUE_PREFIX: `{${uniqueId('q')}}`,
  // Enough attempts and backoff that the first failures (before the breaker opens) cannot use them all up.
  EFFECT_ATTEMPTS: '4',
  EFFECT_BACKOFF_MS: '200',
  BREAKER_VOLUME_THRESHOLD: '2',
  BREAKER_RESET_TIMEOUT_MS: '100',
  BREAKER_WINDOW_MS: '1000',
  PROVIDER_TIMEOUT_MS: '300',
});
const JOBS = 3;
const job = (i: number): EffectJob => ({ id: uniqueId(`c${i}`), sessionId: 's', msisdn: '254711000111', effect: { kind: 'charge', amount: 5, currency: 'KES', description: 'quiz' } });

describe('a queue whose jobs each choose their provider', () => {
  let billing: ProviderSandbox;
  let worker: EffectWorker;
  let providers: ProviderSet;
  let queue: Queue;
  const connection = createRedis(config, 'worker');
  afterAll(async () => {
    await worker.close();
    providers.shutdown();
    await queue.obliterate({ force: true });
    await queue.close();
    await billing.close();
    connection.disconnect();
  });

  it('when its provider is down for many more probes than the jobs have attempts, then the queue is never held, no job fails, and each lands once after recovery', async () => {
    billing = await startProviderSandbox('billing', { failureRate: 1 });
    const { log, lines } = capturingLogger();
    providers = new ProviderSet(() => billing.url, config, log);
    worker = new EffectWorker({ queue: 'billing', providers, breakers: [], connection, prefix: config.QUEUE_PREFIX, concurrency: 5, log });
    queue = new Queue('billing', { connection, prefix: config.QUEUE_PREFIX, defaultJobOptions: jobOptions(config) });
    const jobs = Array.from({ length: JOBS }, (_, i) => job(i));
    for (const j of jobs) await queue.add('charge', j, { jobId: j.id });

    // A held queue has its limiter key set past any maximum (`Queue.rateLimit`): sampled all along the outage.
    const heldFor: number[] = [];
    const probes = () => lines().filter((l) => l.msg === 'billing breaker half-open: probing the provider').length;
    await eventually(async () => {
      heldFor.push(await queue.getRateLimitTtl(Number.MAX_SAFE_INTEGER));
      return probes() >= 2 * JOBS * Number(config.EFFECT_ATTEMPTS);
    }, 'many probes of the provider', 30_000);
    expect(heldFor.filter((ms) => ms > 0)).toEqual([]);
    expect(await queue.getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 0 });

    billing.setKnobs({ failureRate: 0 });
    await eventually(async () => (await queue.getJobCounts('completed')).completed === JOBS, 'every job to complete', 20_000);
    expect(billing.ledger.applied().map((e) => e.key).sort()).toEqual(jobs.map((j) => j.id).sort());
  }, 60_000);
});
