import type { Redis } from 'ioredis';
import { sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { africasTalkingDriver } from '../support/gateways/africastalking.driver';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { CON, END, gatewayCaller, manualClock, uniqueMsisdn } from '../support/gateways/caller';
import type { GatewayDriver } from '../support/gateways/driver';
import { hubtelDriver } from '../support/gateways/hubtel.driver';
import { send } from '../support/gateways/wire';
import { countRoundTrips } from '../support/round-trips';
import { plainRedis, uniqueId } from '../support/redis';

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const SUBJECT = 'Select subject:\n1. Math\n2. Science';
const POLITE = 'Too many requests. Wait a few minutes, then dial again.';

const redis = plainRedis();
let t: TestApp;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MSISDN: '3/60', GATEWAY_AFRICASTALKING_RATE_LIMIT: 'off' });
  clock = manualClock(t);
});
afterAll(async () => {
  await t.close();
  redis.disconnect();
});

const dialOn = async (driver: GatewayDriver, msisdn: string) =>
  driver.read(await send(t.app, driver.session({ sessionId: uniqueId(driver.name), msisdn }).dial('*384#')));

describe('the per-number rate limit (3 hops a minute)', () => {
  it('when a number goes over it, then END with the polite text, the session stays where it was, and other numbers are served', async () => {
    const c = gatewayCaller(t, hubtelDriver, clock);
    expect(await c.dial()).toEqual(CON(WELCOME));
    expect(await c.answer('1')).toEqual(CON(SUBJECT));
    expect(await c.answer('1')).toEqual(CON('Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64'));
    expect(await c.answer('2')).toEqual(END(POLITE));
    const stored = (await t.deps.app.callbacks.store.load(sessionKey('hubtel', c.ids.sessionId)));
    expect(stored).toMatchObject({ ended: false, hop: 3, state: 'math-1' });
    expect(await gatewayCaller(t, hubtelDriver, clock).dial()).toEqual(CON(WELCOME));
  });

  it('when the number dials on another gateway with the same limit, then the same count applies', async () => {
    const msisdn = uniqueMsisdn();
    for (let i = 0; i < 3; i++) expect(await dialOn(hubtelDriver, msisdn)).toMatchObject({ text: WELCOME, end: false });
    expect(await dialOn(arkeselDriver, msisdn)).toMatchObject({ text: POLITE, end: true });
  });

  it('when the limit is on, then a hop still costs two Redis round trips: the limit rides with the load, then the store', async () => {
    const perHop: number[] = [];
    const session = hubtelDriver.session({ sessionId: uniqueId('rt'), msisdn: uniqueMsisdn() });
    for (const req of [session.dial('*384#'), session.answer('1'), session.answer('2')]) {
      const hop = await countRoundTrips(t.deps.redis as Redis, () => send(t.app, req));
      expect(hop.value.status).toBe(200);
      perHop.push(hop.trips);
    }
    expect(perHop).toEqual([2, 2, 2]);
  });

  it('when a gateway turns its limit off, then its callers are never limited', async () => {
    const c = gatewayCaller(t, africasTalkingDriver, clock);
    await c.dial();
    for (const input of ['1', '1', '2', '1']) await c.answer(input);
    expect(await c.answer('3')).toEqual(END('You scored 3/3 in Math. Dial *384# to try again.'));
  });
});

describe('deployments sharing one Redis (each with its own KEY_PREFIX)', () => {
  it("when a number uses up its hops on one deployment, then the other still serves it: each counts only its own callbacks", async () => {
    const other = await startTestApp({ RATE_LIMIT_PER_MSISDN: '3/60', KEY_PREFIX: uniqueId('other') });
    try {
      manualClock(other);
      const msisdn = uniqueMsisdn();
      for (let i = 0; i < 3; i++) expect(await dialOn(hubtelDriver, msisdn)).toMatchObject({ text: WELCOME, end: false });
      const there = hubtelDriver.read(await send(other.app, hubtelDriver.session({ sessionId: uniqueId('hubtel'), msisdn }).dial('*384#')));
      expect(there).toMatchObject({ text: WELCOME, end: false });
    } finally {
      await other.close();
    }
  });
});
