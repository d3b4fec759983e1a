import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';

const dial = { sessionId: 'roles-1', serviceCode: '*384#', phoneNumber: '+254711000111', networkCode: '63902', text: '' };

describe('roles: one image, ROLE=web|worker|all', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('when ROLE=worker, then it serves health, readiness and metrics but no USSD callbacks, and is ready without menus', async () => {
    t = await startTestApp({ ROLE: 'worker' });
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(t.app).get('/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
    expect((await request(t.app).get('/metrics')).status).toBe(200);
    const callback = await request(t.app).post('/ussd/africastalking').type('form').send(dial);
    expect([callback.status, callback.body]).toEqual([404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such endpoint' }]);
    expect(t.deps.menus.menus()).toEqual([]);
  });

  it('when ROLE=worker has ADMIN_TOKEN too, then GET /admin/menus does not exist there, rather than listing no menu as if none had loaded', async () => {
    const token = 'a-token-of-twenty-chars';
    t = await startTestApp({ ROLE: 'worker', ADMIN_TOKEN: token });
    const res = await request(t.app).get('/admin/menus').set('authorization', `Bearer ${token}`);
    expect([res.status, res.body]).toEqual([404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such endpoint' }]);
  });

  it.each(['web', 'all'])('when ROLE=%s, then it serves callbacks and is ready with menus loaded and Redis answering', async (role) => {
    t = await startTestApp({ ROLE: role });
    const ready = await request(t.app).get('/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
    const callback = await request(t.app).post('/ussd/africastalking').type('form').send({ ...dial, sessionId: `roles-${role}-${Date.now()}` });
    expect([callback.status, callback.text]).toEqual([200, 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score']);
  });

  it('when the web role has no menu loaded, then it is alive but not ready', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-menus-'));
    try {
      t = await startTestApp({ ROLE: 'web', MENUS_DIR: empty });
      expect((await request(t.app).get('/healthz')).status).toBe(200);
      const ready = await request(t.app).get('/readyz');
      expect([ready.status, ready.body]).toEqual([503, { status: 'unavailable', reason: 'no menu loaded' }]);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it.each(['web', 'worker'])('when ROLE=%s is draining or has lost Redis, then /readyz answers 503 with the reason', async (role) => {
    t = await startTestApp({ ROLE: role });
    t.deps.draining.value = true;
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'unavailable', reason: 'shutting down' });
    t.deps.draining.value = false;
    t.deps.redis.disconnect();
    await once(t.deps.redis, 'end');
    const ready = await request(t.app).get('/readyz');
    expect([ready.status, ready.body]).toEqual([503, { status: 'unavailable', reason: 'redis end' }]);
  });
});
