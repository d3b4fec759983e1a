import { Redis } from 'ioredis';
import { outboxKeyOf, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { manualClock, uniqueMsisdn } from '../support/gateways/caller';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { send } from '../support/gateways/wire';
import { eventually } from '../support/eventually';
import { holdWrites, withWritesHeld, PATIENT_WRITES } from '../support/held-writes';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';

const Q2 = 'Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7';
const Q3 = 'Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42';

/**
 * Two requests on one hop, truly at the same moment: Redis (its own server here) holds writes
 * (CLIENT PAUSE WRITE) until both compare-and-sets have been sent, then runs them one after the other.
 */
let server: OwnRedis;
let t: TestApp;
let admin: Redis;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  server = await ownRedis();
  // Writes wait for the pause to end: the command timeout must not answer busy meanwhile.
  t = await startTestApp({ REDIS_URL: server.url, ...PATIENT_WRITES });
  admin = new Redis(server.url);
  // A learner reads each screen for a few seconds: same answers in a row are not the gateway's duplicates.
  clock = manualClock(t);
});
afterAll(async () => {
  admin.disconnect();
  await t.close();
  await server.stop();
});

/** Runs `both` with Redis holding writes until the app has sent `casCount` compare-and-sets. */
const together = <T>(casCount: number, both: () => Promise<T>) => withWritesHeld(admin, [t], casCount, both);

describe('two answers to one screen at the same moment on a latest-input gateway (Arkesel)', () => {
  const sessionId = uniqueId('race');
  const msisdn = uniqueMsisdn();
  const caller = arkeselDriver.session({ sessionId, msisdn });
  const exchange = async (input: string) => arkeselDriver.read(await send(t.app, caller.answer(input))).text;
  const answer = (input: string) => {
    clock.advance(5);
    return exchange(input);
  };
  const key = sessionKey('arkesel', sessionId);

  it('when `1` and `3` answer Q2 together, then one of them advances the session to Q3 and both callers are shown Q3', async () => {
    await send(t.app, caller.dial('*384#'));
    for (const input of ['1', '1']) await answer(input);
    expect(await answer('2')).toBe(Q2);
    clock.advance(5);
    const replies = await together(2, () => Promise.all([exchange('1'), exchange('3')]));
    expect(replies).toEqual([Q3, Q3]);
    expect(await t.deps.app.callbacks.store.load(key)).toMatchObject({ hop: 5, state: 'math-3' });
    expect(await admin.exists(outboxKeyOf(key))).toBe(0);
  });

  it('when `1` and `3` answer Q3 together, then the quiz ends once, both callers get its one END, and one charge and one score are kept', async () => {
    clock.advance(5);
    const replies = await together(2, () => Promise.all([exchange('1'), exchange('3')]));
    expect(replies[0]).toMatch(/^You scored [23]\/3 in Math\./);
    expect(replies[1]).toBe(replies[0]);
    expect(JSON.parse((await admin.get(key)) ?? 'null')).toEqual([6, -1, replies[0]]);
    // The hop's effects wait in the session's outbox (no relay runs here): one charge, one SMS.
    const outbox = Object.values(await admin.hgetall(outboxKeyOf(key))).map((entry) => (JSON.parse(entry) as { e: { kind: string } }).e.kind);
    expect(outbox.sort()).toEqual(['charge', 'sms']);
    // The score kept is the one the callers were shown, not the losing answer's.
    const later = arkeselDriver.session({ sessionId: uniqueId('race'), msisdn });
    await send(t.app, later.dial('*384#'));
    clock.advance(5);
    const score = /scored (\d\/3 in Math)/.exec(replies[0] ?? '')?.[1];
    expect(arkeselDriver.read(await send(t.app, later.answer('2'))).text).toBe(`Your last score: ${score}.`);
  });
});

describe("the same race on Africa's Talking (the whole chain says which screen each answer was for)", () => {
  it('when `…*1` and `…*3` answer Q2 together, then one advances the session and the other caller is shown its screen', async () => {
    const at = atCaller(t.app);
    for (const text of ['', '1', '1*1']) await at.hop(text);
    expect(await at.hop('1*1*2')).toBe(`CON ${Q2}`);
    const replies = await together(2, () => Promise.all([at.hop('1*1*2*1'), at.hop('1*1*2*3')]));
    expect(replies).toEqual([`CON ${Q3}`, `CON ${Q3}`]);
    expect(JSON.parse((await admin.get(sessionKey('at', at.sessionId))) ?? 'null')?.[0]).toBe(5);
  });
});

describe('the race across two replicas, where one remembers the record it stored last', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: server.url, ...PATIENT_WRITES };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => Promise.all([a.close(), b.close()]));

  it('when the other replica wins, then the one answering from memory does not take its record for an old one: it answers with the winner’s screen', async () => {
    const sessionId = uniqueId('race');
    const caller = arkeselDriver.session({ sessionId, msisdn: uniqueMsisdn() });
    const on = async (app: TestApp, input: string) => arkeselDriver.read(await send(app.app, caller.answer(input))).text;
    await send(a.app, caller.dial('*384#'));
    await on(a, '1');
    expect(await on(a, '2')).toMatch(/^Q1: Which gas/);
    const held = await holdWrites(admin, [a, b]);
    try {
      // B reads the session from Redis and sends its compare-and-set first; A steps from memory.
      const fromB = on(b, '3');
      await eventually(() => held.sent(b) === 1, "B's compare-and-set sent", 3000);
      const fromA = on(a, '1');
      await eventually(() => held.sent(a) === 1, "A's compare-and-set sent", 3000);
      await held.release();
      const replies = await Promise.all([fromA, fromB]);
      expect(replies).toEqual(['Q2: Water boils at sea level at?\n1. 50 C\n2. 100 C\n3. 150 C', replies[0]]);
      expect(JSON.parse((await admin.get(sessionKey('arkesel', sessionId))) ?? 'null')?.[0]).toBe(4);
    } finally {
      await held.release();
    }
  });
});
