import { once } from 'node:events';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { countRedisErrors } from '../../src/deps';
import { Metrics } from '../../src/infra/metrics';
import { connectRedis, createRedis } from '../../src/infra/redis';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { freePort } from '../support/own-redis';
import { sample } from '../support/prometheus';

const AT = { gateway: 'africastalking' };
let t: TestApp;
beforeEach(async () => (t = await startTestApp()));
afterEach(async () => t.close());

async function scrape(app: TestApp['app']): Promise<string> {
  const res = await request(app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text;
}

describe('GET /metrics', () => {
  it('when a learner plays the quiz to its END and retries the last hop, then callbacks, sessions and durations are counted by gateway and outcome', async () => {
    const at = atCaller(t.app);
    for (const text of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await at.hop(text);
    expect(sample(await scrape(t.app), 'ussd_sessions_live')).toBe(1);
    await at.hop('1*1*2*1*3');
    await at.hop('1*1*2*1*3'); // the gateway's retry: answered again from the ended record

    const text = await scrape(t.app);
    expect(sample(text, 'ussd_callbacks_total', { ...AT, outcome: 'continue' })).toBe(5);
    expect(sample(text, 'ussd_callbacks_total', { ...AT, outcome: 'end' })).toBe(1);
    expect(sample(text, 'ussd_callbacks_total', { ...AT, outcome: 'replay' })).toBe(1);
    expect(sample(text, 'ussd_callback_duration_seconds_count', AT)).toBe(7);
    expect(sample(text, 'ussd_callback_duration_seconds_bucket', { le: '+Inf', ...AT })).toBe(7);
    expect(sample(text, 'ussd_sessions_started_total', { gateway: 'at' })).toBe(1);
    expect(sample(text, 'ussd_sessions_ended_total', { gateway: 'at', reason: 'end' })).toBe(1);
    expect(sample(text, 'ussd_sessions_live')).toBe(0);
  });

  it('when a dropped learner dials again and resumes, then the live-sessions count keeps them once', async () => {
    const first = atCaller(t.app);
    for (const text of ['', '1', '1*1']) await first.hop(text);
    await first.end('Incomplete');
    const second = atCaller(t.app, { phoneNumber: first.phoneNumber });
    expect(await second.hop('')).toBe('CON Welcome back. Continue where you left off?\n1. Continue\n2. Start over');
    expect(sample(await scrape(t.app), 'ussd_sessions_live')).toBe(1);
    await second.hop('1');
    const text = await scrape(t.app);
    expect(sample(text, 'ussd_sessions_live')).toBe(1);
    expect(sample(text, 'ussd_sessions_started_total', { gateway: 'at' })).toBe(2);
  });

  it("when the gateway ends a session (Africa's Talking events), then it counts as ended by the user on the events endpoint", async () => {
    const at = atCaller(t.app);
    await at.hop('');
    expect((await at.end('Success')).status).toBe(200);
    const text = await scrape(t.app);
    expect(sample(text, 'ussd_callbacks_total', { gateway: 'africastalking-events', outcome: 'end' })).toBe(1);
    expect(sample(text, 'ussd_sessions_ended_total', { gateway: 'at', reason: 'user' })).toBe(1);
    expect(sample(text, 'ussd_sessions_live')).toBe(0);
  });

  it('when a callback cannot be parsed, then it is counted as invalid and nothing about sessions moves', async () => {
    await request(t.app).post('/ussd/africastalking').type('form').send({ sessionId: 'x' });
    const text = await scrape(t.app);
    expect(sample(text, 'ussd_callbacks_total', { ...AT, outcome: 'invalid' })).toBe(1);
    expect(sample(text, 'ussd_sessions_started_total', { gateway: 'at' })).toBeUndefined();
  });

  it('when Redis is gone, then the END is counted as unavailable, the session as ended for that reason, and the failed command as a Redis error', async () => {
    t.deps.redis.disconnect();
    await once(t.deps.redis, 'end');
    const at = atCaller(t.app);
    expect(await at.hop('')).toBe('END Eneza is busy right now. Please dial *384# again shortly.');
    const text = await scrape(t.app);
    expect(sample(text, 'ussd_callbacks_total', { ...AT, outcome: 'unavailable' })).toBe(1);
    expect(sample(text, 'ussd_sessions_ended_total', { gateway: 'at', reason: 'unavailable' })).toBe(1);
    expect(sample(text, 'ussd_redis_errors_total', { client: 'web', kind: 'command' })).toBe(1);
  });

  it('when a Redis client cannot reach its server, then its connection errors are counted', async () => {
    const metrics = new Metrics({ sessionTtlSeconds: 20, defaultMetrics: false });
    const client = createRedis(loadConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }), 'web');
    countRedisErrors(client, 'web', metrics);
    await expect(connectRedis(client, 300)).rejects.toThrow('ECONNREFUSED');
    client.disconnect();
    expect(sample(await metrics.registry.metrics(), 'ussd_redis_errors_total', { client: 'web', kind: 'connection' })).toBeGreaterThanOrEqual(1);
  });

  it('when two apps run in one process, then each has its own counts and both have the default process metrics', async () => {
    const other = await startTestApp();
    try {
      await atCaller(t.app).hop('');
      const [mine, theirs] = [await scrape(t.app), await scrape(other.app)];
      expect(sample(mine, 'ussd_sessions_started_total', { gateway: 'at' })).toBe(1);
      expect(sample(theirs, 'ussd_sessions_started_total', { gateway: 'at' })).toBeUndefined();
      for (const text of [mine, theirs]) {
        expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
        expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      }
    } finally {
      await other.close();
    }
  });
});
