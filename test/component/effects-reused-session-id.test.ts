import request from 'supertest';
import { eventually } from '../support/eventually';
import { plainRedis } from '../support/redis';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';

let h: EffectsHarness;
const redis = plainRedis();
beforeAll(async () => (h = await startEffectsHarness({ env: { DUPLICATE_WINDOW_MS: '0', ENDED_SESSION_TTL_SECONDS: '1' } })));
afterAll(async () => {
  await h.close();
  redis.disconnect();
});

/** Nalo without SESSIONID (older integrations): the number keys the session, so every dial reuses its id. */
async function naloQuiz(msisdn: string): Promise<string> {
  const hop = async (MSGTYPE: boolean, USERDATA: string) =>
    (await request(h.app).post('/ussd/nalo').send({ USERID: 'NALOTest', MSISDN: msisdn, USERDATA, MSGTYPE, NETWORK: 'MTN' })).body.MSG as string;
  await hop(true, '*384#');
  for (const input of ['1', '1', '2', '1']) await hop(false, input);
  return hop(false, '3');
}

describe('effects of a gateway that reuses session ids', () => {
  it('when a learner on a number-keyed gateway completes the quiz twice, the second time after the first session has expired, then there are two charges', async () => {
    const msisdn = `2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    expect(await naloQuiz(msisdn)).toBe('You scored 3/3 in Math. Dial *384# to try again.');
    await eventually(async () => (await redis.exists(`ussd:s:{nalo:msisdn-${msisdn}}`)) === 0, 'the ended session to expire', 5000);
    expect(await naloQuiz(msisdn)).toBe('You scored 3/3 in Math. Dial *384# to try again.');

    const mine = () => h.billing.ledger.applied().filter((e) => e.request.includes(`"msisdn":"${msisdn}"`));
    await eventually(() => mine().length === 2, 'two charges');
    expect(mine().map((e) => e.key)).toEqual([expect.stringMatching(new RegExp(`^nalo\\.msisdn-${msisdn}\\.result\\.6\\.0\\.\\d+$`)), expect.stringMatching(/result\.6\.0\.\d+$/)]);
  });
});
