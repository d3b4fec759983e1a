import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { plainRedis } from '../support/redis';

let t: TestApp;
const redis = plainRedis();
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => {
  await t.close();
  redis.disconnect();
});

const stored = async (sessionId: string) => JSON.parse((await redis.get(sessionKey('at', sessionId))) ?? 'null') as unknown[] | null;

describe('sessions in Redis', () => {
  it('when a hop is answered, then the session is stored under its hash-tagged key with the 20 s sliding TTL (plus the resume window once it leaves its start screen)', async () => {
    const at = atCaller(t.app);
    await at.hop('');
    const key = sessionKey('at', at.sessionId);
    expect(key).toBe(`ussd:s:{at:${at.sessionId}}`);
    expect(await redis.ttl(key)).toBeGreaterThan(15);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(20);
    await at.hop('1');
    // Kept 20 + 120 s only so a new dial can resume it; idle for 20 s it behaves as expired (see resume.test.ts).
    expect(await redis.ttl(key)).toBeGreaterThan(135);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(140);
    expect((await stored(at.sessionId))?.slice(0, 1)).toEqual([2]);
  });

  it('when the gateway retries a hop (the same text chain), then the same reply comes back and the session does not advance', async () => {
    const at = atCaller(t.app);
    await at.hop('');
    const first = await at.hop('1');
    const again = await at.hop('1');
    expect(again).toBe(first);
    expect((await stored(at.sessionId))?.[0]).toBe(2);
    expect(await at.hop('1*1')).toBe('CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64');
  });

  it('when ten requests for one hop arrive at once, then the session advances once and all ten get the same reply', async () => {
    const at = atCaller(t.app);
    await at.hop('');
    const replies = await Promise.all(Array.from({ length: 10 }, () => at.hop('1')));
    expect(new Set(replies)).toEqual(new Set(['CON Select subject:\n1. Math\n2. Science']));
    expect((await stored(at.sessionId))?.[0]).toBe(2);
  });

  it('when the dial itself arrives twice at once, then one session starts and both get the welcome screen', async () => {
    const at = atCaller(t.app);
    const replies = await Promise.all([at.hop(''), at.hop(''), at.hop('')]);
    expect(new Set(replies)).toEqual(new Set(['CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score']));
    expect((await stored(at.sessionId))?.[0]).toBe(1);
  });

  it('when a session has ended, then a late retry gets the same END and nothing restarts', async () => {
    const at = atCaller(t.app);
    for (const text of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await at.hop(text);
    const end = await at.hop('1*1*2*1*3');
    expect(end).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    expect(await at.hop('1*1*2*1*3')).toBe(end);
    expect(await at.hop('1*1*2*1')).toBe(end);
    expect(await stored(at.sessionId)).toEqual([6, -1, 'You scored 3/3 in Math. Dial *384# to try again.']);
  });

  it('when a learner finishes a quiz, then a later session shows the last score from the profile', async () => {
    const at = atCaller(t.app);
    for (const text of ['', '1', '1*2', '1*2*2', '1*2*2*1']) await at.hop(text);
    expect(await at.hop('1*2*2*1*1')).toBe('END You scored 1/3 in Science. Dial *384# to try again.');
    const later = atCaller(t.app, { phoneNumber: at.phoneNumber });
    await later.hop('');
    expect(await later.hop('2')).toBe('END Your last score: 1/3 in Science.');
  });

  it("when Africa's Talking reports the session over, then it ends and a late hop gets the END", async () => {
    const at = atCaller(t.app);
    await at.hop('');
    await at.hop('1');
    const res = await at.end('Incomplete');
    expect(res.status).toBe(200);
    expect(await at.hop('1*1')).toBe('END This session has ended. Please dial again.');
  });

  it('when the dialled code is extended (*384*1*1#), then the extra parts are walked from start', async () => {
    const at = atCaller(t.app, { serviceCode: '*384*1*1#' });
    expect(await at.hop('')).toBe('CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64');
  });

  it('when the service code is unknown, then the END says so and nothing is stored', async () => {
    const at = atCaller(t.app, { serviceCode: '*999#' });
    expect(await at.hop('')).toBe('END This service code is not in use. Please check the number and dial again.');
    expect(await stored(at.sessionId)).toBeNull();
  });

  it('when a hop arrives for a session Redis does not know, then the END says it timed out', async () => {
    const at = atCaller(t.app);
    expect(await at.hop('1*2')).toBe('END Your session timed out. Please dial again.');
    expect(await stored(at.sessionId)).toBeNull();
  });
});

describe('idle expiry', () => {
  let short: TestApp;
  beforeAll(async () => (short = await startTestApp({ SESSION_TTL_SECONDS: '1' })));
  afterAll(async () => short.close());

  it('when a learner is idle longer than SESSION_TTL_SECONDS, then the session is gone and the next hop ends', async () => {
    const at = atCaller(short.app);
    await at.hop('');
    expect(await redis.ttl(sessionKey('at', at.sessionId))).toBe(1);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await stored(at.sessionId)).toBeNull();
    expect(await at.hop('1')).toBe('END Your session timed out. Please dial again.');
  });
});
