import { setTimeout as sleep } from 'node:timers/promises';
import { sessionKey } from '../../src/session/keys';
import { atCaller, type TestApp } from './app';

type Start = (env?: Record<string, string>) => Promise<TestApp>;

const WELCOME = 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const SUBJECTS = 'CON Select subject:\n1. Math\n2. Science';
const Q2 = 'CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7';
const PROMPT = 'CON Welcome back. Continue where you left off?\n1. Continue\n2. Start over';

/**
 * The component suite's session scenarios (test/component/sessions.test.ts, resume.test.ts),
 * asserted through the app's own Redis client so that they run on a Redis Cluster too: the quiz to
 * its END with the profile read back, a retried hop, concurrent hops, a session idling past its
 * TTL, and a dropped session resumed (its pointer, the old and the new session on three slots).
 */
export function describeSessionScenarios(start: Start): void {
  let t: TestApp;
  beforeAll(async () => (t = await start()));
  afterAll(async () => t.close());

  it('when a learner answers all three Math questions right, then every screen is as agreed and the END says 3/3', async () => {
    const at = atCaller(t.app);
    expect(await at.hop('')).toBe(WELCOME);
    expect(await at.hop('1')).toBe(SUBJECTS);
    expect(await at.hop('1*1')).toBe('CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64');
    expect(await at.hop('1*1*2')).toBe('CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7');
    expect(await at.hop('1*1*2*1')).toBe('CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42');
    expect(await at.hop('1*1*2*1*3')).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    const again = atCaller(t.app, { phoneNumber: at.phoneNumber });
    await again.hop('');
    expect(await again.hop('2')).toBe('END Your last score: 3/3 in Math.');
  });

  it('when the gateway retries a hop that was already answered, then the same reply comes back and the session does not advance', async () => {
    const at = atCaller(t.app);
    await at.hop('');
    expect(await at.hop('1')).toBe(SUBJECTS);
    expect(await at.hop('1')).toBe(SUBJECTS);
    expect(await t.deps.redis.get(sessionKey('at', at.sessionId))).toMatch(/^\[2,/);
    expect(await at.hop('1*1')).toBe('CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64');
  });

  it('when two requests for the same hop arrive together, then the session advances once and both get the same reply', async () => {
    const at = atCaller(t.app);
    await at.hop('');
    const replies = await Promise.all([at.hop('1'), at.hop('1'), at.hop('1')]);
    expect(replies).toEqual([SUBJECTS, SUBJECTS, SUBJECTS]);
    expect(await t.deps.redis.get(sessionKey('at', at.sessionId))).toMatch(/^\[2,/);
  });

  it('when a learner dropped on Q2 dials again, then they are offered to resume, the dropped session goes, and 1 puts them back on Q2', async () => {
    const phoneNumber = `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const first = atCaller(t.app, { phoneNumber });
    for (const chain of ['', '1', '1*1']) await first.hop(chain);
    expect(await first.hop('1*1*2')).toBe(Q2);
    await first.end('Incomplete');
    const second = atCaller(t.app, { phoneNumber });
    expect(await second.hop('')).toBe(PROMPT);
    expect(await t.deps.redis.exists(sessionKey('at', first.sessionId))).toBe(0);
    expect(await second.hop('1')).toBe(Q2);
    expect(await second.hop('1*1')).toBe('CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42');
  });

  it('when a session idles past its TTL, then Redis drops it and the next hop is told the session timed out', async () => {
    const short = await start({ SESSION_TTL_SECONDS: '1' });
    try {
      const at = atCaller(short.app);
      await at.hop('');
      const key = sessionKey('at', at.sessionId);
      expect(await short.deps.redis.pttl(key)).toBeGreaterThan(0);
      for (let i = 0; i < 40 && (await short.deps.redis.exists(key)) === 1; i++) await sleep(100);
      expect(await short.deps.redis.exists(key)).toBe(0);
      expect(await at.hop('1')).toBe('END Your session timed out. Please dial again.');
    } finally {
      await short.close();
    }
  });
}
