import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { eventually } from '../support/eventually';

/*
 * Attempts run out fast here (5 attempts, 50 ms base backoff: about 1.5 s of retries in all) and
 * the outage lasts longer than that, so a charge survives only if the open breaker holds the queue
 * without spending attempts.
 */
const ENV = {
  EFFECT_ATTEMPTS: '5',
  EFFECT_BACKOFF_MS: '50',
  BREAKER_VOLUME_THRESHOLD: '3',
  BREAKER_RESET_TIMEOUT_MS: '700',
  BREAKER_WINDOW_MS: '2000',
  PROVIDER_TIMEOUT_MS: '300',
};
const LEARNERS = 8;
const messages = (h: EffectsHarness) => h.workerLog.lines().map((l) => String(l.msg));

async function playPaidQuizzes(h: EffectsHarness): Promise<{ replies: string[]; chargeIds: string[]; smsIds: string[] }> {
  const callers = Array.from({ length: LEARNERS }, () => atCaller(h.app));
  const replies = await Promise.all(callers.map((c) => completeMathQuiz(c.hop)));
  const ids = (queue: 'billing' | 'sms') => Promise.all(callers.map(async (c) => (await h.jobIds(queue, c.sessionId))[0] as string));
  return { replies, chargeIds: await ids('billing'), smsIds: await ids('sms') };
}

async function outlastRetries(h: EffectsHarness): Promise<void> {
  await eventually(() => h.workers.state().billing === 'open', 'the billing breaker to open');
  const heldSince = Date.now();
  await eventually(() => Date.now() - heldSince > 2500, 'the outage to outlast every retry', 5000);
}

describe('effects while the billing provider is down', () => {
  let h: EffectsHarness;
  afterEach(async () => h.close());

  it('when billing fails every request, then replies stay correct, SMS still goes, the breaker opens and holds the queue, and after the provider heals every charge lands exactly once', async () => {
    h = await startEffectsHarness({ env: ENV, billing: { failureRate: 1 } });
    const { replies, chargeIds, smsIds } = await playPaidQuizzes(h);
    expect(replies).toEqual(Array(LEARNERS).fill(QUIZ_END));
    expect(await h.settled('sms', smsIds)).toEqual(Array(LEARNERS).fill('completed'));

    await outlastRetries(h);
    const requestsWhileDown = h.billing.ledger.summary().requests;
    expect(h.billing.ledger.applied()).toEqual([]);
    h.billing.setKnobs({ failureRate: 0 });

    expect(await h.settled('billing', chargeIds)).toEqual(Array(LEARNERS).fill('completed'));
    expect(h.billing.ledger.applied().map((e) => e.key).sort()).toEqual([...chargeIds].sort());
    // Held, the queue sent a probe now and then instead of every job retrying on its own.
    expect(requestsWhileDown).toBeLessThan(LEARNERS * Number(ENV.EFFECT_ATTEMPTS));
    expect(messages(h).filter((m) => m.startsWith('effect failed') || m.startsWith('effect refused'))).toEqual([]);
    expect(messages(h)).toEqual(
      expect.arrayContaining(['billing breaker open: provider failing, queue on hold', 'billing breaker half-open: probing the provider', 'billing breaker closed: provider answering, queue resumed']),
    );
  }, 30_000);

  it('when billing takes 3 s to answer (past the provider timeout), then replies stay correct, the breaker opens, and after it speeds up every charge lands exactly once', async () => {
    h = await startEffectsHarness({ env: ENV, billing: { latencyMs: 3000 } });
    const { replies, chargeIds } = await playPaidQuizzes(h);
    expect(replies).toEqual(Array(LEARNERS).fill(QUIZ_END));

    await outlastRetries(h);
    h.billing.setKnobs({ latencyMs: 0 });

    expect(await h.settled('billing', chargeIds, 20_000)).toEqual(Array(LEARNERS).fill('completed'));
    // The slow provider applied the first attempts after the client gave up; every retry carried
    // the same key, so each charge is in the ledger once.
    expect(h.billing.ledger.applied().map((e) => e.key).sort()).toEqual([...chargeIds].sort());
    expect(h.billing.ledger.applied().every((e) => e.attempts >= 1)).toBe(true);
  }, 40_000);
});
