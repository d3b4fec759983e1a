import request from 'supertest';
import { registerEffectMetrics } from '../../src/effects/effect-metrics';
import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { eventually } from '../support/eventually';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { sample } from '../support/prometheus';

async function scrape(h: EffectsHarness): Promise<string> {
  return (await request(h.app).get('/metrics')).text;
}

describe('effect metrics at /metrics (where workers run)', () => {
  let h: EffectsHarness;
  let redis: OwnRedis | undefined;
  afterEach(async () => {
    await h.close();
    await redis?.stop();
    redis = undefined;
  });

  it('when a learner completes the quiz and the providers answer, then one billing and one SMS job count as completed, the queues are idle and both breakers closed', async () => {
    h = await startEffectsHarness();
    registerEffectMetrics(h.deps.metrics, h.deps.effects.queues, h.workers);
    const at = atCaller(h.app);
    expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);
    await h.settled('billing', await h.jobIds('billing', at.sessionId));
    await h.settled('sms', await h.jobIds('sms', at.sessionId));
    const text = await eventually(async () => {
      const t = await scrape(h);
      return sample(t, 'ussd_effect_jobs_total', { queue: 'sms', outcome: 'completed' }) === 1 ? t : undefined;
    }, 'the SMS job to be counted');
    expect(sample(text, 'ussd_effect_jobs_total', { queue: 'billing', outcome: 'completed' })).toBe(1);
    for (const queue of ['billing', 'sms']) {
      for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'failed']) expect([queue, state, sample(text, 'ussd_queue_jobs', { queue, state })]).toEqual([queue, state, 0]);
    }
    expect([sample(text, 'ussd_breaker_state', { provider: 'billing' }), sample(text, 'ussd_breaker_state', { provider: 'sms' })]).toEqual([0, 0]);
  });

  it('when a worker has run no job yet, then every queue exports each outcome at 0, so the first job to fail for good is an increase Prometheus sees (UssdEffectsFailedForGood)', async () => {
    h = await startEffectsHarness();
    registerEffectMetrics(h.deps.metrics, h.deps.effects.queues, h.workers);
    const text = await scrape(h);
    const read = Object.keys(h.workers.queueWorkers).flatMap((queue) =>
      ['completed', 'retried', 'failed', 'rejected'].map((outcome) => [queue, outcome, sample(text, 'ussd_effect_jobs_total', { queue, outcome })]),
    );
    expect(read).toEqual(Object.keys(h.workers.queueWorkers).flatMap((queue) => ['completed', 'retried', 'failed', 'rejected'].map((outcome) => [queue, outcome, 0])));
    expect(read.length).toBeGreaterThanOrEqual(8);
  });

  it('when billing fails every request, then the failed attempts count as retried and the billing breaker reads open while SMS stays closed', async () => {
    h = await startEffectsHarness({
      env: { EFFECT_ATTEMPTS: '5', EFFECT_BACKOFF_MS: '50', BREAKER_VOLUME_THRESHOLD: '3', BREAKER_RESET_TIMEOUT_MS: '5000', PROVIDER_TIMEOUT_MS: '300' },
      billing: { failureRate: 1 },
    });
    registerEffectMetrics(h.deps.metrics, h.deps.effects.queues, h.workers);
    const callers = Array.from({ length: 4 }, () => atCaller(h.app));
    expect(await Promise.all(callers.map((c) => completeMathQuiz(c.hop)))).toEqual(Array(4).fill(QUIZ_END));
    await eventually(() => h.workers.state().billing === 'open', 'the billing breaker to open');
    const text = await scrape(h);
    expect([sample(text, 'ussd_breaker_state', { provider: 'billing' }), sample(text, 'ussd_breaker_state', { provider: 'sms' })]).toEqual([2, 0]);
    expect(sample(text, 'ussd_effect_jobs_total', { queue: 'billing', outcome: 'retried' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'ussd_effect_jobs_total', { queue: 'billing', outcome: 'completed' })).toBe(0);
    const held = ['waiting', 'delayed', 'prioritized', 'active'].reduce((n, state) => n + (sample(text, 'ussd_queue_jobs', { queue: 'billing', state }) ?? 0), 0);
    expect(held).toBe(4);
  });

  it('when Redis cannot be read at a scrape, then no queue depth is exported rather than the last one read, which could be minutes old', async () => {
    redis = await ownRedis();
    h = await startEffectsHarness({ env: { REDIS_URL: redis.url } });
    registerEffectMetrics(h.deps.metrics, h.deps.effects.queues, h.workers);
    expect(sample(await scrape(h), 'ussd_queue_jobs', { queue: 'billing', state: 'waiting' })).toBe(0);
    await redis.stop();
    const text = await scrape(h);
    // Back before the harness closes: its workers finish their work against Redis.
    await redis.restart();
    await eventually(() => h.deps.redis.status === 'ready', 'the app to reconnect');
    expect(text.split('\n').filter((line) => line.startsWith('ussd_queue_jobs{'))).toEqual([]);
  });
});
