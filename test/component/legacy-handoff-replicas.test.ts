import { Redis } from 'ioredis';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { withWritesHeld, PATIENT_WRITES } from '../support/held-writes';
import { ownRedis, type OwnRedis } from '../support/own-redis';

const AIRTIME = 'CON Airtime\n1. KES 10\n2. KES 20';

/**
 * A session handed off to the legacy app (test/fixtures/handoff-menus) whose hops reach a replica
 * that last saw it before the hand-off: the marker comes back only from a lost compare-and-set or
 * a confirmed retry, inside the hop's loop, and must still send the hop to the legacy app.
 */
let server: OwnRedis;
let a: TestApp;
let b: TestApp;
let admin: Redis;
let legacy: LegacySandbox;
beforeAll(async () => {
  server = await ownRedis();
  legacy = await startLegacySandbox();
  // Writes held for a race must not be answered busy meanwhile.
  const env = { REDIS_URL: server.url, MENUS_DIR: 'test/fixtures/handoff-menus', LEGACY_AFRICASTALKING_URL: legacy.url, LEGACY_TIMEOUT_MS: '3000', ...PATIENT_WRITES };
  [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin.disconnect();
  await Promise.all([a.close(), b.close()]);
  await legacy.close();
  await server.stop();
});

describe('a handed-off session on two replicas', () => {
  it('when the next hop reaches the replica that answered the dial, then it is relayed to the legacy app', async () => {
    const onA = atCaller(a.app);
    const onB = atCaller(b.app, { sessionId: onA.sessionId, phoneNumber: onA.phoneNumber });
    await onA.hop('');
    expect(await onB.hop('2')).toBe(AIRTIME);
    const received = legacy.received.length;
    expect(await onA.hop('2*2')).toBe('END You bought KES 20 of airtime.');
    expect(legacy.received.length).toBe(received + 1);
  });

  it('when a retry of the hand-off hop reaches the replica that answered the dial, then it gets the first answer again', async () => {
    const onA = atCaller(a.app);
    const onB = atCaller(b.app, { sessionId: onA.sessionId, phoneNumber: onA.phoneNumber });
    await onA.hop('');
    expect(await onB.hop('2')).toBe(AIRTIME);
    expect(await onA.hop('2')).toBe(AIRTIME);
  });

  it('when a gateway duplicate of the hand-off hop is in flight with it, then both get the same answer', async () => {
    const caller = atCaller(a.app);
    await caller.hop('');
    expect(await withWritesHeld(admin, [a], 2, () => Promise.all([caller.hop('2'), caller.hop('2')]))).toEqual([AIRTIME, AIRTIME]);
  });
});
