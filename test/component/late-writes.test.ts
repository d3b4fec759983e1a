import { Redis } from 'ioredis';
import { outboxKeyOf, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { hopDuringStall } from '../support/redis-stall';

const Q3 = 'CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42';
const BUSY = 'END Eneza is busy right now. Please dial *384# again shortly.';
const TO_Q3 = ['', '1', '1*1', '1*1*2', '1*1*2*1'];
const FINAL = '1*1*2*1*3';

/**
 * Redis stalled (DEBUG SLEEP, on a redis-server of these tests' own) while the quiz's final hop is
 * in flight: the caller is answered busy before Redis wakes, and the hop's writes run after.
 */
describe.each([
  { why: 'its compare-and-set times out (REDIS_COMMAND_TIMEOUT_MS)', env: { REDIS_COMMAND_TIMEOUT_MS: '300', RESPONSE_DEADLINE_MS: '2000' }, sleep: '2' },
  { why: 'the deadline guard answers first (RESPONSE_DEADLINE_MS)', env: { REDIS_COMMAND_TIMEOUT_MS: '10000', RESPONSE_DEADLINE_MS: '400' }, sleep: '1' },
])('when Redis stalls during the final hop and $why', ({ env, sleep }) => {
  let server: OwnRedis;
  let t: TestApp;
  let admin: Redis;
  beforeAll(async () => {
    server = await ownRedis(['--enable-debug-command', 'local']);
    t = await startTestApp({ REDIS_URL: server.url, ...env });
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await t.close();
    await server.stop();
  });

  it('then the caller is answered busy, nothing of the hop is stored (no score, no outbox, no charge, no profile), and a retry is answered busy too', async () => {
    const at = atCaller(t.app);
    for (const text of TO_Q3) await at.hop(text);
    expect(await at.hop(TO_Q3[4] ?? '')).toBe(Q3);
    const key = sessionKey('at', at.sessionId);

    expect(await hopDuringStall(t, admin, sleep, key, () => at.hop(FINAL))).toEqual({ reply: BUSY, stored: [6, -1, BUSY.slice(4)] });
    expect(await admin.exists(outboxKeyOf(key))).toBe(0);
    expect(await t.deps.effects.queues.byName.billing.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
    expect(await at.hop(FINAL)).toBe(BUSY);
    // The score the caller never saw was not kept in the profile either.
    const again = atCaller(t.app, { phoneNumber: at.phoneNumber });
    await again.hop('');
    expect(await again.hop('2')).toBe('END Your last score: none yet.');
  });
});
