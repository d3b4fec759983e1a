import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { eventually } from '../support/eventually';

/*
 * A two-hour billing outage on a compressed clock. In production the breaker probes every
 * BREAKER_RESET_TIMEOUT_MS (10 s): 720 probes in two hours against EFFECT_ATTEMPTS (12) per
 * charge. Here it probes every 100 ms, each charge has 3 attempts, and the outage lasts until the
 * breaker has probed many times more often than the queued charges have attempts in all.
 */
const ENV = {
  EFFECT_ATTEMPTS: '3',
  // Long enough that a charge's retries cannot all come before the breaker has opened on the first failures.
  EFFECT_BACKOFF_MS: '200',
  BREAKER_VOLUME_THRESHOLD: '3',
  BREAKER_RESET_TIMEOUT_MS: '100',
  BREAKER_WINDOW_MS: '1000',
  PROVIDER_TIMEOUT_MS: '300',
};
const LEARNERS = 4;
const PROBES = 3 * LEARNERS * Number(ENV.EFFECT_ATTEMPTS);

const lines = (h: EffectsHarness, msg: string) => h.workerLog.lines().filter((l) => l.msg === msg);

async function paidQuizzes(h: EffectsHarness): Promise<string[]> {
  const callers = Array.from({ length: LEARNERS }, () => atCaller(h.app));
  expect(await Promise.all(callers.map((c) => completeMathQuiz(c.hop)))).toEqual(Array(LEARNERS).fill(QUIZ_END));
  return Promise.all(callers.map(async (c) => (await h.jobIds('billing', c.sessionId))[0] as string));
}

describe('effects through a billing outage far longer than their attempts', () => {
  let h: EffectsHarness;
  afterEach(async () => h.close());

  it('when billing is down while its breaker probes many times more often than the charges have attempts, then no charge fails, and after it recovers each lands once', async () => {
    h = await startEffectsHarness({ env: ENV, billing: { failureRate: 1 } });
    const chargeIds = await paidQuizzes(h);
    await eventually(() => h.workers.state().billing === 'open', 'the billing breaker to open');
    await eventually(() => lines(h, 'billing breaker half-open: probing the provider').length >= PROBES, `${PROBES} probes of the provider`, 30_000);
    expect(await h.queue('billing').getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 0 });

    h.billing.setKnobs({ failureRate: 0 });
    expect(await h.settled('billing', chargeIds, 20_000)).toEqual(Array(LEARNERS).fill('completed'));
    expect(h.billing.ledger.applied().map((e) => e.key).sort()).toEqual([...chargeIds].sort());
    expect(lines(h, 'effect failed for good after every attempt')).toEqual([]);
  }, 60_000);

  it('when billing fails one charge after another but never enough for its breaker to open, then the charge fails after its attempts and the failed set says why', async () => {
    h = await startEffectsHarness({ env: { ...ENV, BREAKER_VOLUME_THRESHOLD: '1000' }, billing: { failureRate: 1 } });
    const [chargeId] = await paidQuizzes(h);
    expect(await h.settled('billing', [chargeId as string])).toEqual(['failed']);
    const job = await h.queue('billing').getJob(chargeId as string);
    expect({ attemptsMade: job?.attemptsMade, failedReason: job?.failedReason }).toEqual({
      attemptsMade: 3,
      failedReason: `gave up after 3 attempts while the billing breaker was closed (no known outage); the last: POST ${h.billing.url}/charges: 503 injected failure`,
    });
    expect(h.workers.state().billing).toBe('closed');
  }, 30_000);
});
