import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';

const TOKEN = 'console-auth-token-0123456789';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the queue console at /admin/queues', () => {
  let web: TestApp;
  beforeAll(async () => (web = await startTestApp({ ADMIN_TOKEN: TOKEN, ROLE: 'web' })));
  afterAll(async () => web.close());

  it('when a browser comes without credentials or with a wrong password, then it is asked to log in with Basic and sees nothing', async () => {
    for (const authorization of [undefined, basic('ops', 'wrong-password-0123456789'), `Bearer ${TOKEN}`, 'Basic !!!']) {
      const req = request(web.app).get('/admin/queues');
      const res = await (authorization ? req.set('authorization', authorization) : req);
      expect([res.status, res.headers['www-authenticate'], res.text]).toEqual([401, 'Basic realm="queue console", charset="UTF-8"', expect.not.stringContaining('billing')]);
    }
  });

  it('when the operator logs in with any user name and ADMIN_TOKEN as the password, then the console lists every effect queue', async () => {
    const page = await request(web.app).get('/admin/queues').set('authorization', basic('ops', TOKEN));
    expect([page.status, page.type, page.headers['cache-control']]).toEqual([200, 'text/html', 'no-store']);
    const api = await request(web.app).get('/admin/queues/api/queues').set('authorization', basic('', TOKEN));
    expect(api.status).toBe(200);
    const names = (api.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.keys(web.deps.effects.queues.byName).sort());
    expect(names).toEqual(expect.arrayContaining(['billing', 'sms']));
  });

  it('when another site makes the logged-in browser send a change, then it is refused; the console itself may', async () => {
    const auth = basic('ops', TOKEN);
    const crossSite = await request(web.app).put('/admin/queues/api/queues/billing/pause').set({ authorization: auth, 'sec-fetch-site': 'cross-site' });
    const otherOrigin = await request(web.app).put('/admin/queues/api/queues/billing/pause').set({ authorization: auth, origin: 'https://evil.example' });
    expect([crossSite.status, otherOrigin.status]).toEqual([403, 403]);
    expect(await web.deps.effects.queues.byName.billing.isPaused()).toBe(false);
    const own = await request(web.app).put('/admin/queues/api/queues/billing/pause').set({ authorization: auth, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBeLessThan(300);
    expect(await web.deps.effects.queues.byName.billing.isPaused()).toBe(true);
  });

  it.each([
    ['ADMIN_TOKEN is unset', { ROLE: 'web' }],
    ['the process is a worker', { ROLE: 'worker', ADMIN_TOKEN: TOKEN }],
  ])('when %s, then there is no console', async (_situation, env) => {
    const t = await startTestApp(env);
    try {
      const res = await request(t.app).get('/admin/queues').set('authorization', basic('ops', TOKEN));
      expect(res.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
