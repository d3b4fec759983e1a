import request from 'supertest';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

const TOKEN = 'admin-methods-token-0123456789';

let legacy: LegacySandbox;
let t: TestApp;
beforeAll(async () => {
  legacy = await startLegacySandbox();
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/legacy-menus', LEGACY_AFRICASTALKING_URL: legacy.url, ADMIN_TOKEN: TOKEN, KEY_PREFIX: uniqueId('am') });
});
afterAll(async () => {
  await t.close();
  await legacy.close();
});

describe('the admin API with a method its path does not take', () => {
  it.each([
    ['POST', '/admin/menus', 'GET, HEAD'],
    ['DELETE', '/admin/menus', 'GET, HEAD'],
    ['GET', '/admin/menus/quiz/rollout', 'PUT, DELETE'],
    ['POST', '/admin/menus/quiz/rollout', 'PUT, DELETE'],
  ])('when an operator sends %s %s, then it is 405 naming the methods it takes, not 404 "no such endpoint"', async (method, path, allow) => {
    const res = await request(t.app)[method.toLowerCase() as 'get' | 'post' | 'delete'](path).set('authorization', `Bearer ${TOKEN}`);
    expect([res.status, res.headers.allow, res.body]).toEqual([405, allow, { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `${path.replace('quiz', '<id>')} takes ${allow} only` }]);
  });

  it('when the right method comes without the token, then it is still 401', async () => {
    const res = await request(t.app).put('/admin/menus/quiz/rollout').send({ share: 1 });
    expect(res.status).toBe(401);
  });
});

describe('the rollout admin API without a legacy app', () => {
  it('when an operator PUTs a rollout, then the 404 says rollouts need a LEGACY_<GATEWAY>_URL, not just "no such endpoint"', async () => {
    const plain = await startTestApp({ MENUS_DIR: 'test/fixtures/legacy-menus', ADMIN_TOKEN: TOKEN, KEY_PREFIX: uniqueId('am') });
    try {
      const res = await request(plain.app).put('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`).send({ share: 1 });
      expect([res.status, res.body.detail]).toEqual([404, expect.stringContaining('LEGACY_<GATEWAY>_URL')]);
      expect((await request(plain.app).put('/admin/menus/quiz/rollout').send({ share: 1 })).status).toBe(401);
    } finally {
      await plain.close();
    }
  });
});
