import type { Redis } from 'ioredis';
import type { UssdTurn } from '../../src/gateways/turn';
import { handleTurn } from '../../src/session/handle-turn';
import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { uniqueMsisdn } from '../support/gateways/caller';
import { plainRedis, uniqueId } from '../support/redis';
import { countRoundTrips } from '../support/round-trips';

const SUBJECT = 'CON Select subject:\n1. Math\n2. Science';
const Q1 = 'CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64';
const Q2 = 'CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7';
const ENDED = 'END This session has ended. Please dial again.';

const redis = plainRedis();
// Two replicas of the service on one Redis, each remembering the records it stored itself.
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestApp({ DUPLICATE_WINDOW_MS: '0' }), startTestApp({ DUPLICATE_WINDOW_MS: '0' })]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  redis.disconnect();
});

/** Arkesel numbers nothing: the race and duplicate rules of latest-input gateways apply. */
const arkeselTurn =
  (sessionId: string, msisdn: string) =>
  (kind: UssdTurn['kind'], input: string): UssdTurn => ({ gateway: 'arkesel', sessionId, msisdn, serviceCode: '*384#', kind, input });

const stored = async (gateway: string, sessionId: string) => JSON.parse((await redis.get(sessionKey(gateway, sessionId))) ?? 'null') as unknown[] | null;

const roundTrips = <T>(t: TestApp, work: () => Promise<T>) => countRoundTrips(t.deps.redis as Redis, work);

describe('one replica answering every hop of a session', () => {
  it('when the session it stored last goes on, then each hop after the dial is one Redis round trip (the compare-and-set), and the quiz still plays to its END', async () => {
    const at = atCaller(a.app);
    const replies: string[] = [];
    const trips: number[] = [];
    for (const text of ['', '1', '1*1', '1*1*2', '1*1*2*1']) {
      const hop = await roundTrips(a, () => at.hop(text));
      replies.push(hop.value);
      trips.push(hop.trips);
    }
    expect(replies.slice(1, 4)).toEqual([SUBJECT, Q1, Q2]);
    expect(trips).toEqual([2, 1, 1, 1, 1]);
    expect(await at.hop('1*1*2*1*3')).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    expect((await stored('at', at.sessionId))?.slice(0, 2)).toEqual([6, -1]);
  });

  it('when the gateway retries a hop, then the replica reads Redis before answering it again, and the session does not advance', async () => {
    const at = atCaller(a.app);
    await at.hop('');
    expect(await at.hop('1')).toBe(SUBJECT);
    const retry = await roundTrips(a, () => at.hop('1'));
    expect(retry).toEqual({ value: SUBJECT, trips: 1 });
    expect((await stored('at', at.sessionId))?.[0]).toBe(2);
  });

  it('when SESSION_CACHE_SIZE is 0, then every hop loads the session first: two round trips', async () => {
    const plain = await startTestApp({ SESSION_CACHE_SIZE: '0' });
    try {
      const at = atCaller(plain.app);
      await at.hop('');
      expect(await roundTrips(plain, () => at.hop('1'))).toEqual({ value: SUBJECT, trips: 2 });
    } finally {
      await plain.close();
    }
  });
});

describe('replicas taking turns on one session', () => {
  it('when another replica answered the last hop, then this one steps from what Redis holds, not from its own older record', async () => {
    const sessionId = uniqueId('ATUid');
    const phoneNumber = `+${uniqueMsisdn()}`;
    const onA = atCaller(a.app, { sessionId, phoneNumber });
    const onB = atCaller(b.app, { sessionId, phoneNumber });
    await onA.hop('');
    expect(await onA.hop('1')).toBe(SUBJECT);
    expect(await onB.hop('1*1')).toBe(Q1);
    // A remembers hop 2 (subject): its compare-and-set fails, and the failure carries hop 3 to step from.
    expect(await roundTrips(a, () => onA.hop('1*1*2'))).toEqual({ value: Q2, trips: 2 });
    expect((await stored('at', sessionId))?.[0]).toBe(4);
  });

  it('when a learner types the same answer twice and the first went to another replica, then the second is an answer, not that hop again', async () => {
    const sessionId = uniqueId('ark');
    const msisdn = uniqueMsisdn();
    const turn = arkeselTurn(sessionId, msisdn);
    await handleTurn(turn('start', ''), a.deps.app.callbacks);
    await handleTurn(turn('continue', '1'), a.deps.app.callbacks); // Start Quiz, on A
    expect((await handleTurn(turn('continue', '1'), b.deps.app.callbacks)).reply.text).toBe(Q1.slice(4)); // Math, on B
    // On A, with no duplicate window: only a concurrent twin would be a retry, and A's own record is not evidence of one.
    const third = await handleTurn(turn('continue', '1'), a.deps.app.callbacks); // answers Q1 with 1
    expect(third.reply.text).toBe(Q2.slice(4));
    expect(third.outcome.replayed).toBeUndefined();
    expect((await stored('arkesel', sessionId))?.[0]).toBe(4);
  });

  it('when another replica ended the session on the gateway signal, then a late hop here gets the end, and the session stays ended', async () => {
    const sessionId = uniqueId('ATUid');
    const phoneNumber = `+${uniqueMsisdn()}`;
    const onA = atCaller(a.app, { sessionId, phoneNumber });
    await onA.hop('');
    expect(await onA.hop('1')).toBe(SUBJECT);
    expect((await atCaller(b.app, { sessionId, phoneNumber }).end('Failed')).status).toBe(200);
    expect(await onA.hop('1*1')).toBe(ENDED);
    expect((await stored('at', sessionId))?.slice(0, 3)).toEqual([3, -1, ENDED.slice(4)]);
  });

  it('when two copies of a hop race on one replica that stored the session last, then one advances it and both answer with its screen', async () => {
    const sessionId = uniqueId('ark');
    const msisdn = uniqueMsisdn();
    const turn = arkeselTurn(sessionId, msisdn);
    await handleTurn(turn('start', ''), a.deps.app.callbacks);
    const [x, y] = await Promise.all([handleTurn(turn('continue', '1'), a.deps.app.callbacks), handleTurn(turn('continue', '1'), a.deps.app.callbacks)]);
    expect([x.reply.text, y.reply.text]).toEqual([SUBJECT.slice(4), SUBJECT.slice(4)]);
    expect([x.outcome.replayed, y.outcome.replayed]).toEqual(expect.arrayContaining([undefined, true]));
    expect((await stored('arkesel', sessionId))?.[0]).toBe(2);
  });
});
