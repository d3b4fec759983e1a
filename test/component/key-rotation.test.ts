import { Redis } from 'ioredis';
import { createSessionSealer } from '../../src/infra/session-sealer';
import { sessionKey } from '../../src/session/keys';
import { UnsealableError } from '../../src/session/sealer';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { CON, END, gatewayCaller, manualClock } from '../support/gateways/caller';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { pinBankAppEnv, startPinBank } from '../support/pin-bank';
import type { SourceStub } from '../support/source-stub';

// Rotating SESSION_SECRET_KEY from A to B: replicas still on A, replicas on B that keep A as
// SESSION_SECRET_KEY_PREVIOUS, and replicas on B alone once PREVIOUS is dropped, on one Redis.
const PIN = '731946';
const KEY_A = 'the-key-being-rotated-out-0123456789abcdefgh';
const KEY_B = 'the-key-being-rotated-in-0123456789abcdefghi';

let redis: OwnRedis;
let plain: Redis;
let stub: SourceStub;
let onA: TestApp;
let rotated: TestApp;
let onB: TestApp;
const bLogs: string[] = [];

const env = (keys: Record<string, string>) => pinBankAppEnv(redis.url, stub, keys);
const pinRequests = () => stub.requests.filter((r) => r.path.startsWith('/pin')).length;

beforeAll(async () => {
  redis = await ownRedis();
  plain = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  stub = await startPinBank();
  onA = await startTestApp(env({ SESSION_SECRET_KEY: KEY_A }));
  rotated = await startTestApp(env({ SESSION_SECRET_KEY: KEY_B, SESSION_SECRET_KEY_PREVIOUS: KEY_A }));
  onB = await startTestApp(env({ SESSION_SECRET_KEY: KEY_B, LOG_LEVEL: 'info' }), { write: (line) => void bLogs.push(line) });
});
afterAll(async () => {
  await Promise.all([onA, rotated, onB].map((t) => t.close()));
  await stub.close();
  plain.disconnect();
  await redis.stop();
});

/** A caller on Africa's Talking who typed the PIN on the replica with key A and waits at "Confirm PIN:". */
async function pinTypedOnA() {
  const caller = atCaller(onA.app, { serviceCode: '*900#' });
  await caller.hop('');
  await caller.hop('1');
  expect(await caller.hop(`1*${PIN}`)).toBe('CON Confirm PIN:');
  return caller;
}

/** The same caller's next hop, sent to another replica (as a load balancer may). */
const sameCallerOn = (t: TestApp, { sessionId, phoneNumber }: { sessionId: string; phoneNumber: string }) => atCaller(t.app, { serviceCode: '*900#', sessionId, phoneNumber });

describe('a session holding a PIN while SESSION_SECRET_KEY is rotated from A to B', () => {
  it('when a PIN sealed under A is confirmed on a replica with B and PREVIOUS=A, then it opens and compares: the same digits change it, others do not', async () => {
    const same = await pinTypedOnA();
    expect(await sameCallerOn(rotated, same).hop(`1*${PIN}*${PIN}`)).toBe('END PIN changed. Ref PX7.');
    const other = await pinTypedOnA();
    expect(await sameCallerOn(rotated, other).hop(`1*${PIN}*246810`)).toBe('END The PINs did not match. Nothing was changed.');
  });

  it('when a latest-input gateway retries the PIN hop on the replica with B and PREVIOUS=A, then the token made under A recognises it: the same screen, no second source call', async () => {
    let target = onA;
    const balancer: TestApp = { get app() { return target.app; }, deps: onA.deps, close: () => Promise.resolve() };
    const clock = manualClock(onA);
    rotated.deps.app.callbacks.now = onA.deps.app.callbacks.now;
    try {
      const caller = gatewayCaller(balancer, arkeselDriver, clock);
      expect(await caller.dial('*900#')).toEqual(CON('Vault\n1. Change PIN\n2. Exit'));
      expect(await caller.answer('1')).toEqual(CON('New PIN (6 digits):'));
      expect(await caller.answer(PIN)).toEqual(CON('Confirm PIN:'));
      expect(JSON.parse((await plain.get(sessionKey('arkesel', caller.ids.sessionId))) ?? '[]')[2]).toBe(createSessionSealer(KEY_A).token(PIN));
      target = rotated;
      const calls = pinRequests();
      expect(await caller.resend()).toEqual(CON('Confirm PIN:'));
      expect(pinRequests()).toBe(calls);
      expect(await caller.answer(PIN)).toEqual(END('PIN changed. Ref PX7.'));
    } finally {
      delete onA.deps.app.callbacks.now;
      delete rotated.deps.app.callbacks.now;
    }
  });

  it('when the replica with B and PREVIOUS=A stores a PIN, then it is sealed under B: it opens there, and on a replica with B alone once PREVIOUS is dropped', async () => {
    const whole = atCaller(rotated.app, { serviceCode: '*900#' });
    await whole.hop('');
    await whole.hop('1');
    expect(await whole.hop(`1*${PIN}`)).toBe('CON Confirm PIN:');
    expect(await whole.hop(`1*${PIN}*${PIN}`)).toBe('END PIN changed. Ref PX7.');

    const started = atCaller(onA.app, { serviceCode: '*900#' });
    await started.hop('');
    await started.hop('1');
    expect(await sameCallerOn(rotated, started).hop(`1*${PIN}`)).toBe('CON Confirm PIN:');
    const sealed = (await plain.get(sessionKey('at', started.sessionId)))?.match(/~1\.[\w-]+/g) ?? [];
    expect(sealed).toHaveLength(1);
    expect(sealed.map((value) => createSessionSealer(KEY_B).open(value))).toEqual([PIN]);
    expect(() => createSessionSealer(KEY_A).open(sealed[0] as string)).toThrow(UnsealableError);
    expect(await sameCallerOn(onB, started).hop(`1*${PIN}*${PIN}`)).toBe('END PIN changed. Ref PX7.');
  });

  it('when a PIN sealed under A reaches a replica with B alone (no PREVIOUS), then it fails as without rotation: a clean END, and the log says why', async () => {
    const caller = await pinTypedOnA();
    const res = await sameCallerOn(onB, caller).post(`1*${PIN}*${PIN}`);
    expect([res.status, res.text]).toEqual([200, 'END Service is temporarily unavailable. Please try again shortly.']);
    const failed = bLogs.map((l) => JSON.parse(l) as { msg: string; sessionId?: string; err?: { type: string } }).find((l) => l.msg === 'answered unavailable: the turn failed' && l.sessionId === caller.sessionId);
    expect(failed?.err?.type).toBe('UnsealableError');
    expect(bLogs.join('')).not.toContain(PIN);
  });
});
