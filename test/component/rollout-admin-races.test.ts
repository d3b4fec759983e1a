import request from 'supertest';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { startTestApp, type TestApp } from '../support/app';
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
