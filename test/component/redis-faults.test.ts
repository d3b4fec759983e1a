import { Redis } from 'ioredis';
import request from 'supertest';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { sample } from '../support/prometheus';

const UNAVAILABLE = 'END Eneza is busy right now. Please dial *384# again shortly.';

describe('when Redis fails', () => {
  let server: OwnRedis;
  let t: TestApp;
  beforeAll(async () => {
    server = await ownRedis();
    t = await startTestApp({ REDIS_URL: server.url, RESPONSE_DEADLINE_MS: '400', REDIS_COMMAND_TIMEOUT_MS: '10000' });
  });
  afterAll(async () => {
    await t.close();
    await server.stop();
  });

  it('when Redis is down, then callbacks get HTTP 200 END with the menu text, /readyz is 503, and both recover when it is back', async () => {
    const at = atCaller(t.app);
    expect(await at.hop('')).toMatch(/^CON Welcome/);
    await server.stop();

    const down = await at.post('1');
    expect([down.status, down.text]).toEqual([200, UNAVAILABLE]);
    const ready = await request(t.app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unavailable');
    expect((await request(t.app).get('/healthz')).status).toBe(200);

    await server.restart();
    await waitFor(async () => (await request(t.app).get('/readyz')).status === 200);
    const fresh = atCaller(t.app);
    expect(await fresh.hop('')).toMatch(/^CON Welcome/);
  });

  it('when Redis hangs longer than the deadline, then the deadline guard answers END unavailable instead of waiting, and counts it', async () => {
    const guarded = async () => sample(await t.deps.metrics.registry.metrics(), 'ussd_deadline_answers_total', { gateway: 'africastalking' }) ?? 0;
    const before = await guarded();
    const at = atCaller(t.app);
    expect(await at.hop('')).toMatch(/^CON Welcome/);
    // Commands wait up to 10 s (REDIS_COMMAND_TIMEOUT_MS), so only the 400 ms deadline can answer this.
    const admin = new Redis(server.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
      const res = await at.post('1');
      expect([res.status, res.text]).toEqual([200, UNAVAILABLE]);
      expect(await guarded()).toBe(before + 1);
    } finally {
      admin.disconnect();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}
