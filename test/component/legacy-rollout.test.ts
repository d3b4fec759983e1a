import request from 'supertest';
import { bucketOf } from '../../src/infra/rollout/bucket';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { countRoundTrips } from '../support/round-trips';
import type { Redis } from 'ioredis';

jest.setTimeout(60_000);

const HERE = 'CON Welcome to Eneza\n1. Start Quiz\n2. My Score';
const LEGACY = 'CON Welcome to Eneza\n1. Start Quiz\n2. My Score\n3. Old services';
const TOKEN = 'rollout-admin-token-0123456789';
const MENUS_DIR = 'test/fixtures/legacy-menus';

/** 200 callers of our own: numbers no other test dials. */
const run = Math.floor(Math.random() * 1e6);
const CALLERS = Array.from({ length: 200 }, (_, i) => `+2547${String(run).padStart(6, '0')}${String(i).padStart(3, '0')}`);

let legacy: LegacySandbox;
let a: TestApp;
let b: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  legacy = await startLegacySandbox();
  const env = { MENUS_DIR, LEGACY_AFRICASTALKING_URL: legacy.url, ADMIN_TOKEN: TOKEN, KEY_PREFIX: `ro${run}` };
  a = await startTestApp({ ...env, LOG_LEVEL: 'info' }, { write: (line) => void logLines.push(line) });
  b = await startTestApp(env);
});
afterAll(async () => {
  await request(a.app).delete('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`);
  await Promise.all([a.close(), b.close()]);
  await legacy.close();
});

const put = (app: TestApp, body: unknown) => request(app.app).put('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`).send(body as object);

/** Which of the callers this service serves on `app`: each dials a fresh session. */
async function servedHere(app: TestApp, numbers: readonly string[]): Promise<Set<string>> {
  const served = new Set<string>();
  for (const phoneNumber of numbers) {
    const reply = await atCaller(app.app, { phoneNumber }).hop('');
    if (reply === HERE) served.add(phoneNumber);
    else expect(reply).toBe(LEGACY);
  }
  return served;
}

describe('rollout of a migrated menu', () => {
  it('when a menu is at share 50, then about half of 200 callers are served here, the same ones on every dial and replica, and the allow list always', async () => {
    const first = await servedHere(a, CALLERS);
    expect(first.size).toBeGreaterThan(70);
    expect(first.size).toBeLessThan(130);
    expect([...first].sort()).toEqual(CALLERS.filter((n) => bucketOf('quiz', n) < 50).sort());
    expect(await servedHere(b, CALLERS)).toEqual(first);
    expect(await servedHere(a, ['+254700000001'])).toEqual(new Set(['+254700000001']));
  });

  it('when an operator raises the share to 80 on one replica, then the other serves every caller it served plus more, and a session already on the legacy side stays there', async () => {
    const before = await servedHere(b, CALLERS);
    const stayer = atCaller(b.app, { phoneNumber: CALLERS.find((n) => !before.has(n)) });
    expect(await stayer.hop('')).toBe(LEGACY);
    const res = await put(a, { share: 80 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ share: 80, allow: ['+254700000001'], shadow: false, from: 'override' });
    const after = await eventually(async () => {
      const s = await servedHere(b, CALLERS);
      return s.size > before.size ? s : undefined;
    }, 'the override on replica b');
    expect([...before].every((n) => after.has(n))).toBe(true);
    expect([...after].sort()).toEqual(CALLERS.filter((n) => bucketOf('quiz', n) < 80).sort());
    expect(await stayer.hop('3')).toBe('CON Old services\n1. Airtime\n2. Bundles');
    const menus = await request(b.app).get('/admin/menus').set('authorization', `Bearer ${TOKEN}`);
    expect(menus.body.menus.find((m: { id: string }) => m.id === 'quiz').rollout).toEqual({ share: 80, allow: ['+254700000001'], shadow: false, from: 'override' });
    expect(logLines.map((l) => JSON.parse(l) as unknown)).toContainEqual(expect.objectContaining({ msg: 'rollout override set', menu: 'quiz', change: { share: 80 }, tokenId: expect.stringMatching(/^[0-9a-f]{8}$/) }));
    expect(logLines.join('')).not.toContain(TOKEN);
  });

  it('when the override is deleted, then every replica returns to the file\'s rollout', async () => {
    await put(a, { share: 0 });
    await eventually(async () => (await servedHere(b, CALLERS.slice(0, 20))).size === 0, 'share 0 on replica b');
    const res = await request(a.app).delete('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`);
    expect(res.body).toEqual({ share: 50, allow: ['+254700000001'], shadow: false, from: 'file' });
    const expected = new Set(CALLERS.slice(0, 20).filter((n) => bucketOf('quiz', n) < 50));
    await eventually(async () => (await servedHere(b, CALLERS.slice(0, 20))).size === expected.size, 'the file rollout on replica b');
  });

  it('when a PUT body is invalid, then 400 names each wrong field; an unknown menu is 404; without the token 401', async () => {
    const bad = await put(a, { share: 150, allow: ['0711'], colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.stringMatching(/^share: Too big/),
      expect.stringMatching(/^allow\.0: an E\.164 number/),
      '(body): Unrecognized key: "colour"',
    ]);
    expect((await request(a.app).put('/admin/menus/nope/rollout').set('authorization', `Bearer ${TOKEN}`).send({ share: 1 })).status).toBe(404);
    expect((await request(a.app).put('/admin/menus/quiz/rollout').send({ share: 1 })).status).toBe(401);
  });

  it('when a PUT body is JSON but not an object (null, a number, a string), then 400 says the body must be an object, not that it is not JSON', async () => {
    const sent = async (raw: string) => {
      const res = await request(a.app).put('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`).set('content-type', 'application/json').send(raw);
      return { status: res.status, errors: res.body.errors as unknown };
    };
    expect(await sent('null')).toEqual({ status: 400, errors: ['(body): Invalid input: expected object, received null'] });
    expect(await sent('25')).toEqual({ status: 400, errors: ['(body): Invalid input: expected object, received number'] });
    expect(await sent('"share"')).toEqual({ status: 400, errors: ['(body): Invalid input: expected object, received string'] });
  });

  it('when a PUT body is not sent as JSON (curl -d without a content type), then 415 says to send it as JSON', async () => {
    const res = await request(a.app).put('/admin/menus/quiz/rollout').set('authorization', `Bearer ${TOKEN}`).type('form').send('{"share":10}');
    expect(res.status).toBe(415);
    expect(res.body.detail).toBe('send the rollout as JSON (Content-Type: application/json)');
  });

  it("when a decided session's next hop comes, then its side rides with the session's one read: no extra round trip", async () => {
    const redis = a.deps.redis as Redis;
    for (const phoneNumber of [CALLERS.find((n) => bucketOf('quiz', n) >= 50), CALLERS.find((n) => bucketOf('quiz', n) < 50)]) {
      const caller = atCaller(a.app, { phoneNumber });
      await caller.hop('');
      const { trips } = await countRoundTrips(redis, () => caller.hop('1'));
      // Served here: read (from this replica's cache) and compare-and-set; forwarded: read, and the marker's refresh beside the call.
      expect(trips).toBeLessThanOrEqual(2);
    }
    expect(await a.deps.redis.get(sessionKey('at', 'none', `ro${run}`))).toBeNull();
  });
});
