import { Redis } from 'ioredis';
import { sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { manualClock, uniqueMsisdn } from '../support/gateways/caller';
import { hubtelDriver } from '../support/gateways/hubtel.driver';
import { send } from '../support/gateways/wire';
import { holdScripts } from '../support/held-scripts';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';
import { PATIENT_WRITES } from '../support/held-writes';

/**
 * A gateway's end signal (Hubtel `Release` when the caller cancels, `Timeout` when the dialogue is
 * lost) can reach the service while the caller's last answer is still in flight: both read the
 * session on the same screen, and the answer's compare-and-set runs first. The signal must still
 * end the session it finds stored, not give up because the session moved on.
 * (The fixture quiz offers resume, so the web client's scripts are held, not Redis's writes: the
 * signal notes the gateway's drop reports with a write before its read.)
 */
let server: OwnRedis;
let t: TestApp;
let admin: Redis;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  server = await ownRedis();
  // Writes held for the race must not be answered busy meanwhile.
  t = await startTestApp({ REDIS_URL: server.url, ...PATIENT_WRITES });
  admin = new Redis(server.url);
  clock = manualClock(t);
});
afterAll(async () => {
  admin.disconnect();
  await t.close();
  await server.stop();
});

const read = async (reply: ReturnType<typeof send>) => hubtelDriver.read(await reply).text;
const stored = async (sessionId: string) => JSON.parse((await admin.get(sessionKey('hubtel', sessionId))) ?? 'null') as unknown[];

/** An answer and the end signal read the session on Q2; the answer's compare-and-set runs first. */
async function answerRacingSignal(which: 'cancel' | 'timeout') {
  const sessionId = uniqueId('race');
  const s = hubtelDriver.session({ sessionId, msisdn: uniqueMsisdn() });
  await send(t.app, s.dial('*384#'));
  for (const input of ['1', '1']) {
    clock.advance(5);
    await send(t.app, s.answer(input));
  }
  clock.advance(5);
  expect(await read(send(t.app, s.answer('2')))).toMatch(/^Q2/);
  clock.advance(3);
  const held = holdScripts(t);
  try {
    const answer = read(send(t.app, s.answer('1')));
    await eventually(() => held.held() === 1, "the answer's compare-and-set", 3000);
    const signal = send(t.app, which === 'cancel' ? (s.cancel?.() ?? s.answer('')) : (s.timeout?.() ?? s.answer('')));
    // A cancel also clears the caller's resume pointer with a script of its own.
    await eventually(() => held.held() === (which === 'cancel' ? 3 : 2), "the signal's compare-and-set", 3000);
    held.release();
    const [told] = await Promise.all([answer, signal]);
    expect(told).toMatch(/^Q3/);
  } finally {
    held.release();
  }
  return { sessionId, s };
}

describe("an end signal racing the caller's last answer (Hubtel)", () => {
  it('when the caller cancels while the answer is stored first, then the session still ends: a late hop gets the END, not Q4', async () => {
    const { sessionId, s } = await answerRacingSignal('cancel');
    expect(await stored(sessionId)).toEqual([6, -1, 'This session has ended. Please dial again.']);
    clock.advance(2);
    expect(await read(send(t.app, s.answer('3')))).toBe('This session has ended. Please dial again.');
  });

  it('when the dialogue is lost while the answer is stored first, then the session is kept as dropped on Q3 for a resume, and a late hop gets the END', async () => {
    const { sessionId, s } = await answerRacingSignal('timeout');
    expect(await stored(sessionId)).toEqual([6, expect.stringMatching(/\.d$/), expect.anything(), expect.anything(), expect.anything(), expect.anything()]);
    clock.advance(2);
    expect(await read(send(t.app, s.answer('3')))).toBe('This session has ended. Please dial again.');
  });
});
