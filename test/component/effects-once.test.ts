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

describe('effects of the shipped quiz: delivered, and applied once', () => {
  it('when a learner completes the quiz, then KES 5 is charged and the score is sent by SMS, each under its effect id, and the outbox is cleared', async () => {
    const at = atCaller(h.app);
    expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);
    const chargeId = `at.${at.sessionId}.result.6.0`;
    const smsId = `at.${at.sessionId}.result.6.1`;
    expect(await h.settled('billing', [chargeId])).toEqual(['completed']);
    expect(await h.settled('sms', [smsId])).toEqual(['completed']);

    expect(h.billing.ledger.list().filter((e) => e.key === chargeId)).toEqual([
      {
        key: chargeId,
        request: JSON.stringify({ msisdn: digits(at.phoneNumber), amount: 5, currency: 'KES', description: 'Eneza quiz: Math', reference: chargeId }),
        attempts: 1,
        busy: false,
        answer: { status: 201, body: { id: expect.stringMatching(/^ch_\d+$/), status: 'charged', msisdn: digits(at.phoneNumber), amount: 5, currency: 'KES', reference: chargeId } },
      },
    ]);
    expect(h.sms.ledger.get(smsId)?.request).toBe(
      JSON.stringify({ to: digits(at.phoneNumber), text: 'Eneza: you scored 3/3 in Math. Dial *384# to try again.', reference: smsId }),
    );
    expect(await redis.exists(`ussd:o:{at:${at.sessionId}}`)).toBe(0);
  });

  it('when the gateway retries the final hop, then the learner gets the same END again and is charged once', async () => {
    const at = atCaller(h.app);
    expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);
    expect(await at.hop('1*1*2*1*3')).toBe(QUIZ_END);
    expect(await at.hop('1*1*2*1*3')).toBe(QUIZ_END);
    await h.settled('billing', [`at.${at.sessionId}.result.6.0`]);
    await h.settled('sms', [`at.${at.sessionId}.result.6.1`]);

    const keys = h.billing.ledger.applied().map((e) => e.key).filter((k) => k.includes(at.sessionId));
    expect(keys).toEqual([`at.${at.sessionId}.result.6.0`]);
    expect(h.sms.ledger.applied().filter((e) => e.key.includes(at.sessionId))).toHaveLength(1);
  });

  it('when five copies of the final hop arrive at once, then all five get the END and the learner is charged once', async () => {
    const at = atCaller(h.app);
    for (const chain of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await at.hop(chain);
    const replies = await Promise.all(Array.from({ length: 5 }, () => at.hop('1*1*2*1*3')));
    expect(replies).toEqual(Array(5).fill(QUIZ_END));
    await h.settled('billing', [`at.${at.sessionId}.result.6.0`]);

    const charges = h.billing.ledger.applied().filter((e) => e.key.includes(at.sessionId));
    expect(charges.map((e) => [e.key, e.attempts])).toEqual([[`at.${at.sessionId}.result.6.0`, 1]]);
  });

  it('when a learner completes the quiz twice in two sessions, then there are two charges with different keys', async () => {
    const first = atCaller(h.app);
    const second = atCaller(h.app, { phoneNumber: first.phoneNumber });
    expect(await completeMathQuiz(first.hop)).toBe(QUIZ_END);
    expect(await completeMathQuiz(second.hop)).toBe(QUIZ_END);
    await h.settled('billing', [`at.${first.sessionId}.result.6.0`, `at.${second.sessionId}.result.6.0`]);

    const mine = h.billing.ledger.applied().filter((e) => e.request.includes(`"msisdn":"${digits(first.phoneNumber)}"`));
    expect(mine.map((e) => e.key).sort()).toEqual([`at.${first.sessionId}.result.6.0`, `at.${second.sessionId}.result.6.0`].sort());
    expect(new Set(mine.map((e) => (e.answer?.body as { id: string }).id)).size).toBe(2);
  });
});
