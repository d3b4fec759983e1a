import { Redis } from 'ioredis';
import request from 'supertest';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { startTestApp, type TestApp } from '../support/app';
import { ownRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';

/**
 * `PUT /admin/menus/<id>/rollout` adds to the override in force: two changes of different fields
 * made at the same moment, on one replica or on two, must both stay.
 */
const TOKEN = 'rollout-races-admin-token-0123456789';
const prefix = uniqueId('rr');
let legacy: LegacySandbox;
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  legacy = await startLegacySandbox();
  const env = { MENUS_DIR: 'test/fixtures/legacy-menus', LEGACY_AFRICASTALKING_URL: legacy.url, ADMIN_TOKEN: TOKEN, KEY_PREFIX: prefix };
  [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await legacy.close();
});

const put = (t: TestApp, body: object) => request(t.app).put('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`).send(body);
const del = (t: TestApp) => request(t.app).delete('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`);
const stored = async () => JSON.parse((await a.deps.redis.hget(`${prefix}:rollout`, 'quiz')) ?? 'null') as unknown;

describe('rollout changes at the same moment', () => {
  it.each([
    ['on one replica', () => a],
    ['on two replicas', () => b],
  ])('when two PUTs of different fields are in flight together %s, then both stay', async (_where, other) => {
    await del(a);
    const answers = await Promise.all([put(a, { share: 25 }), put(other(), { shadow: true })]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(await stored()).toEqual({ share: 25, shadow: true });
  });
});

describe('many rollout changes at once', () => {
  it('when 40 PUTs of the share arrive together on two replicas, then every one is answered 200 and one of them is in force everywhere', async () => {
    await del(a);
    const shares = Array.from({ length: 40 }, (_, i) => i + 1);
    const answers = await Promise.all(shares.map((share, i) => put(i % 2 === 0 ? a : b, { share, shadow: true })));
    expect(answers.map((r) => r.status)).toEqual(shares.map(() => 200));
    const now = (await stored()) as { share: number; shadow: boolean };
    expect(shares).toContain(now.share);
    expect(now).toEqual({ share: now.share, shadow: true });
  });
});

describe('a rollout change Redis does not take', () => {
  it('when Redis holds writes past the command timeout, then the PUT is answered 503 and says nothing of the failure', async () => {
    const server = await ownRedis();
    const admin = new Redis(server.url);
    const env = { REDIS_URL: server.url, MENUS_DIR: 'test/fixtures/legacy-menus', LEGACY_AFRICASTALKING_URL: legacy.url, ADMIN_TOKEN: TOKEN, REDIS_COMMAND_TIMEOUT_MS: '300' };
    const t = await startTestApp(env);
    try {
      await admin.call('CLIENT', 'PAUSE', '1500', 'WRITE');
      const res = await put(t, { share: 10 });
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toMatch(/redis|command|timed out|stream/i);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
      await t.close();
      await server.stop();
    }
  });
});
