import { Redis } from 'ioredis';
import request from 'supertest';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { withWritesHeld, PATIENT_WRITES } from '../support/held-writes';
import { ownRedis, type OwnRedis } from '../support/own-redis';

/**
 * Nalo without SESSIONID keys the session by the caller's number. A dial whose parts walk the quiz
 * to its END in one hop (`*384*1*1*2*1*3#`: a one-shot purchase dial has the same shape) decides
 * its charge and SMS at once. The gateway's duplicate of that dial is the same dial, not a new one.
 */
let server: OwnRedis;
let h: EffectsHarness;
let admin: Redis;
beforeAll(async () => {
  server = await ownRedis();
  // Writes held for a race must not be answered busy meanwhile.
  h = await startEffectsHarness({ env: { REDIS_URL: server.url, ...PATIENT_WRITES } });
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin.disconnect();
  await h.close();
  await server.stop();
});

const SCORE = /^You scored 3\/3/;
const newNumber = () => `2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
const dial = async (msisdn: string) =>
  ((await request(h.app).post('/ussd/nalo').send({ USERID: 'NALOTest', MSISDN: msisdn, USERDATA: '*384*1*1*2*1*3#', MSGTYPE: true, NETWORK: 'MTN' })).body as { MSG: string }).MSG;

async function chargesOnceSettled(msisdn: string): Promise<string[]> {
  const ids = await h.jobIds('billing', `msisdn-${msisdn}`);
  await h.settled('billing', ids);
  await h.settled('sms', await h.jobIds('sms', `msisdn-${msisdn}`));
  return h.billing.ledger.applied().filter((e) => e.request.includes(`"msisdn":"${msisdn}"`)).map((e) => e.key);
}

describe('a duplicate of a dial that ends its session at once, on a session keyed by number', () => {
  it('when it comes just after the answer, then it gets the same END and nothing is decided again: one charge, one SMS', async () => {
    const msisdn = newNumber();
    const first = await dial(msisdn);
    expect(first).toMatch(SCORE);
    expect(await dial(msisdn)).toBe(first);
    expect(await chargesOnceSettled(msisdn)).toHaveLength(1);
    expect(await h.jobIds('sms', `msisdn-${msisdn}`)).toHaveLength(1);
  });

  it('when both are in flight at once, then the one that loses the compare-and-set answers what won: one charge', async () => {
    const msisdn = newNumber();
    const [a, b] = await withWritesHeld(admin, [h], 2, () => Promise.all([dial(msisdn), dial(msisdn)]));
    expect(a).toMatch(SCORE);
    expect(b).toBe(a);
    expect(await chargesOnceSettled(msisdn)).toHaveLength(1);
  });

  it('when the same dial comes again after the duplicate window, then it is a new session, charged again', async () => {
    const msisdn = newNumber();
    await dial(msisdn);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await dial(msisdn)).toMatch(SCORE);
    expect(await chargesOnceSettled(msisdn)).toHaveLength(2);
  });
});
