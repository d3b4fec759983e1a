import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';

const POOR = ['254700000401', '254700000402', '254700000403', '254700000404', '254700000405'];
let h: EffectsHarness;
beforeAll(async () => (h = await startEffectsHarness({ billing: { declined: POOR }, env: { BREAKER_VOLUME_THRESHOLD: '2' } })));
afterAll(async () => h.close());

describe('a charge the provider declines', () => {
  it('when billing answers 402, then the charge is tried exactly once, fails for good with the reason kept, the SMS still goes, and the breaker stays closed', async () => {
    const callers = POOR.map((n) => atCaller(h.app, { phoneNumber: `+${n}` }));
    expect(await Promise.all(callers.map((c) => completeMathQuiz(c.hop)))).toEqual(Array(POOR.length).fill(QUIZ_END));
    const chargeIds = await Promise.all(callers.map(async (c) => (await h.jobIds('billing', c.sessionId))[0] as string));
    expect(await h.settled('billing', chargeIds)).toEqual(Array(POOR.length).fill('failed'));
    await h.settled('sms', await Promise.all(callers.map(async (c) => (await h.jobIds('sms', c.sessionId))[0] as string)));

    const job = await h.queue('billing').getJob(chargeIds[0] as string);
    expect({ attemptsMade: job?.attemptsMade, failedReason: job?.failedReason }).toEqual({
      attemptsMade: 1,
      failedReason: `POST ${h.billing.url}/charges: 402 insufficient funds`,
    });
    expect(chargeIds.map((id) => [h.billing.ledger.get(id)?.attempts, h.billing.ledger.get(id)?.answer?.status])).toEqual(Array(POOR.length).fill([1, 402]));
    expect(h.sms.ledger.applied().filter((e) => callers.some((c) => e.key.includes(c.sessionId)))).toHaveLength(POOR.length);
    expect(h.workers.state()).toEqual({ billing: 'closed', sms: 'closed' });
    const refusal = h.workerLog.lines().find((l) => l.effect === chargeIds[0]);
    expect(refusal).toMatchObject({ level: 40, msg: 'effect refused by the provider: not retried', reason: `POST ${h.billing.url}/charges: 402 insufficient funds`, attempts: 1 });
  });
});
