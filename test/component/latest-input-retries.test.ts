import type { UssdTurn } from '../../src/gateways/turn';
import { handleTurn } from '../../src/session/handle-turn';
import { sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { CON, END, manualClock, uniqueMsisdn } from '../support/gateways/caller';
import { naloDriver } from '../support/gateways/nalo.driver';
import { send, type WireRequest } from '../support/gateways/wire';
import { plainRedis, uniqueId } from '../support/redis';

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const SUBJECT = 'Select subject:\n1. Math\n2. Science';

const redis = plainRedis();
let t: TestApp;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  t = await startTestApp();
  clock = manualClock(t);
});
afterAll(async () => {
  await t.close();
  redis.disconnect();
});

describe('with no duplicate window at all', () => {
  let noWindow: TestApp;
  beforeAll(async () => (noWindow = await startTestApp({ DUPLICATE_WINDOW_MS: '0' })));
  afterAll(async () => noWindow.close());

  it('when two copies of a latest-input hop race, then one advances the session and both answer with its screen', async () => {
    const sessionId = uniqueId('race');
    const msisdn = uniqueMsisdn();
    const turn = (kind: UssdTurn['kind'], input: string): UssdTurn => ({ gateway: 'arkesel', sessionId, msisdn, serviceCode: '*384#', kind, input });
    const deps = noWindow.deps.app.callbacks;
    await handleTurn(turn('start', ''), deps);
    // Both load the session in the same tick (one pipelined batch), so both see hop 1; one loses the compare-and-set.
    const [a, b] = await Promise.all([handleTurn(turn('continue', '1'), deps), handleTurn(turn('continue', '1'), deps)]);
    expect([a.reply, b.reply]).toEqual([
      { text: SUBJECT, end: false },
      { text: SUBJECT, end: false },
    ]);
    expect([a.outcome.replayed, b.outcome.replayed]).toEqual(expect.arrayContaining([undefined, true]));
    expect((await t.deps.app.callbacks.store.load(sessionKey('arkesel', sessionId)))).toMatchObject({ hop: 2, state: 'subject' });
  });
});

describe('Nalo without SESSIONID (older integrations): the number keys the session', () => {
  const msisdn = uniqueMsisdn();
  const hop = (body: Record<string, unknown>): WireRequest => ({ method: 'POST', path: '/ussd/nalo', contentType: 'application/json', body: JSON.stringify({ USERID: 'NALOTest', MSISDN: msisdn, NETWORK: 'MTN', ...body }) });
  const dial = hop({ USERDATA: '*384#', MSGTYPE: true });
  const answer = (input: string) => hop({ USERDATA: input, MSGTYPE: false });
  const exchange = async (req: WireRequest) => naloDriver.read(await send(t.app, req));

  beforeAll(async () => redis.del(sessionKey('nalo', `msisdn-${msisdn}`)));

  it('when the learner dials again mid-session, then a fresh start, not the old screen', async () => {
    expect(await exchange(dial)).toEqual(CON(WELCOME));
    clock.advance(5);
    expect(await exchange(answer('1'))).toEqual(CON(SUBJECT));
    clock.advance(30);
    expect(await exchange(dial)).toEqual(CON(WELCOME));
    clock.advance(5);
    expect(await exchange(answer('1'))).toEqual(CON(SUBJECT));
  });

  it('when the gateway repeats the dial at once, then it is a duplicate: the session is not reset', async () => {
    clock.advance(60);
    expect(await exchange(dial)).toEqual(CON(WELCOME));
    const dialled = (await t.deps.app.callbacks.store.load(sessionKey('nalo', `msisdn-${msisdn}`)));
    expect(await exchange(dial)).toEqual(CON(WELCOME));
    clock.advance(5);
    expect(await exchange(answer('1'))).toEqual(CON(SUBJECT));
    // Hop numbers keep counting across fresh starts (compare-and-set needs them to); one hop since the dial.
    expect((await t.deps.app.callbacks.store.load(sessionKey('nalo', `msisdn-${msisdn}`)))).toMatchObject({ hop: (dialled?.hop ?? 0) + 1, state: 'subject' });
  });

  it('when the learner dials again after an END, then a fresh start, not the old final reply', async () => {
    clock.advance(5);
    expect(await exchange(dial)).toEqual(CON(WELCOME));
    clock.advance(5);
    expect(await exchange(answer('2'))).toEqual(END('Your last score: none yet.'));
    clock.advance(5);
    expect(await exchange(dial)).toEqual(CON(WELCOME));
  });
});
