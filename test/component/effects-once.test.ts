import { plainRedis } from '../support/redis';
import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';

let h: EffectsHarness;
const redis = plainRedis();
beforeAll(async () => (h = await startEffectsHarness()));
afterAll(async () => {
  await h.close();
  redis.disconnect();
});

const digits = (phone: string) => phone.replace('+', '');
/** session, screen, hop, index, and the second the hop was stored */
const idPattern = (sessionId: string, index: number) => new RegExp(`^at\\.${sessionId}\\.result\\.6\\.${index}\\.\\d{10}$`);

/** The one charge job of a session once the queues are idle (fails if there are more). */
async function theChargeOf(sessionId: string): Promise<string> {
  const [id] = await h.jobIds('billing', sessionId);
  await h.settled('billing', [id as string]);
  expect(await h.jobIds('billing', sessionId)).toEqual([id]);
  return id as string;
}

describe('effects of the shipped quiz: delivered, and applied once', () => {
  it('when a learner completes the quiz, then KES 5 is charged and the score is sent by SMS, each under its effect id, and the outbox is cleared', async () => {
    const at = atCaller(h.app);
    expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);
    const [chargeId] = await h.jobIds('billing', at.sessionId);
    const [smsId] = await h.jobIds('sms', at.sessionId);
    expect([chargeId, smsId]).toEqual([expect.stringMatching(idPattern(at.sessionId, 0)), expect.stringMatching(idPattern(at.sessionId, 1))]);
    expect(await h.settled('billing', [chargeId as string])).toEqual(['completed']);
    expect(await h.settled('sms', [smsId as string])).toEqual(['completed']);

    expect(h.billing.ledger.list().filter((e) => e.key === chargeId)).toEqual([
      {
        key: chargeId,
        request: JSON.stringify({ msisdn: digits(at.phoneNumber), amount: 5, currency: 'KES', description: 'Eneza quiz: Math', reference: chargeId }),
        attempts: 1,
        busy: false,
        answer: { status: 201, body: { id: expect.stringMatching(/^ch_\d+$/), status: 'charged', msisdn: digits(at.phoneNumber), amount: 5, currency: 'KES', reference: chargeId } },
      },
    ]);
    expect(h.sms.ledger.get(smsId as string)?.request).toBe(
      JSON.stringify({ to: digits(at.phoneNumber), text: 'Eneza: you scored 3/3 in Math. Dial *384# to try again.', reference: smsId }),
    );
    expect(await redis.exists(`ussd:o:{at:${at.sessionId}}`)).toBe(0);
  });

  it('when the gateway retries the final hop, then the learner gets the same END again and is charged once', async () => {
    const at = atCaller(h.app);
    expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);
    expect(await at.hop('1*1*2*1*3')).toBe(QUIZ_END);
    expect(await at.hop('1*1*2*1*3')).toBe(QUIZ_END);
    const chargeId = await theChargeOf(at.sessionId);

    expect(h.billing.ledger.applied().filter((e) => e.key.includes(at.sessionId)).map((e) => e.key)).toEqual([chargeId]);
  });

  it('when five copies of the final hop arrive at once, then all five get the END and the learner is charged once', async () => {
    const at = atCaller(h.app);
    for (const chain of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await at.hop(chain);
    const replies = await Promise.all(Array.from({ length: 5 }, () => at.hop('1*1*2*1*3')));
    expect(replies).toEqual(Array(5).fill(QUIZ_END));
    const chargeId = await theChargeOf(at.sessionId);

    const charges = h.billing.ledger.applied().filter((e) => e.key.includes(at.sessionId));
    expect(charges.map((e) => [e.key, e.attempts])).toEqual([[chargeId, 1]]);
  });

  it('when a learner completes the quiz twice in two sessions, then there are two charges with different keys', async () => {
    const first = atCaller(h.app);
    const second = atCaller(h.app, { phoneNumber: first.phoneNumber });
    expect(await completeMathQuiz(first.hop)).toBe(QUIZ_END);
    expect(await completeMathQuiz(second.hop)).toBe(QUIZ_END);
    const ids = [await theChargeOf(first.sessionId), await theChargeOf(second.sessionId)];

    const mine = h.billing.ledger.applied().filter((e) => e.request.includes(`"msisdn":"${digits(first.phoneNumber)}"`));
    expect(mine.map((e) => e.key).sort()).toEqual(ids.sort());
    expect(new Set(mine.map((e) => (e.answer?.body as { id: string }).id)).size).toBe(2);
  });
});
