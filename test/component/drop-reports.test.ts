import type { Redis } from 'ioredis';
import { dropReportsKey, resumeKey, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { plainRedis, uniqueId } from '../support/redis';
import { countRoundTrips } from '../support/round-trips';

const WELCOME = 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const PROMPT = 'CON Welcome back. Continue where you left off?\n1. Continue\n2. Start over';
const Q2 = 'CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7';

/**
 * Africa's Talking reports a dropped dialogue only to its end-of-session notification URL, which
 * an operator may not have set. Each describe runs on a key prefix of its own: what the service
 * has seen of a gateway's notifications is remembered per deployment.
 */
describe("Africa's Talking before and after the service has seen an end-of-session notification", () => {
  const prefix = uniqueId('drops');
  const env = { KEY_PREFIX: prefix, SESSION_TTL_SECONDS: '20', RESUME_WINDOW_SECONDS: '120' };
  const redis = plainRedis();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    redis.disconnect();
  });

  /** A learner on Q2 (through `t`), whose dialogue then drops without a word. */
  async function silentlyDroppedOnQ2(t: TestApp) {
    const phoneNumber = `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const first = atCaller(t.app, { phoneNumber });
    for (const chain of ['', '1', '1*1']) await first.hop(chain);
    expect(await first.hop('1*1*2')).toBe(Q2);
    return { first, pointer: resumeKey('eneza', phoneNumber.slice(1), prefix), again: () => atCaller(t.app, { phoneNumber }) };
  }

  it('when none has arrived yet, then the pointer is written with the hops, and a learner whose call dropped silently is offered to resume', async () => {
    const { first, pointer, again } = await silentlyDroppedOnQ2(a);
    expect(await redis.get(pointer)).toBe(sessionKey('at', first.sessionId, prefix));
    const second = again();
    expect(await second.hop('')).toBe(PROMPT);
    expect(await second.hop('1')).toBe(Q2);
  });

  it('when one arrives, then it is remembered in Redis, and this replica stops writing pointers with the hops: a drop is resumable once reported', async () => {
    expect((await atCaller(a.app).end('Success')).status).toBe(200);
    expect(await redis.ttl(dropReportsKey('at', prefix))).toBeGreaterThan(0);
    const { first, pointer, again } = await silentlyDroppedOnQ2(a);
    expect(await redis.exists(pointer)).toBe(0);
    expect((await first.end('Incomplete')).status).toBe(200);
    expect(await again().hop('')).toBe(PROMPT);
  });

  it('when another replica saw it, then this one learns it in the round trip of its next dial (no extra one), and writes no pointer with the hops either', async () => {
    const caller = atCaller(b.app);
    const dial = await countRoundTrips(b.deps.redis as Redis, () => caller.hop(''));
    expect(dial).toEqual({ value: WELCOME, trips: 2 });
    for (const chain of ['1', '1*1']) await caller.hop(chain);
    expect(await caller.hop('1*1*2')).toBe(Q2);
    expect(await redis.exists(resumeKey('eneza', caller.phoneNumber.slice(1), prefix))).toBe(0);
  });
});
