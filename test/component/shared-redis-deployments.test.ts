import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

describe('two deployments on one Redis, each with its own KEY_PREFIX and no QUEUE_PREFIX', () => {
  let a: TestApp | undefined;
  let b: EffectsHarness | undefined;
  afterEach(async () => {
    await b?.close();
    await a?.close();
  });

  it("when deployment A's caller completes the quiz, then deployment B's relay and workers never take A's charge to B's provider", async () => {
    // QUEUE_PREFIX empty: unset, its default (the test app otherwise gives each test its own).
    a = await startTestApp({ ROLE: 'web', KEY_PREFIX: uniqueId('deploy-a'), QUEUE_PREFIX: '' });
    b = await startEffectsHarness({ env: { KEY_PREFIX: uniqueId('deploy-b'), QUEUE_PREFIX: '' } });
    const callerA = atCaller(a.app);
    expect(await completeMathQuiz(callerA.hop)).toBe(QUIZ_END);
    const callerB = atCaller(b.app);
    expect(await completeMathQuiz(callerB.hop)).toBe(QUIZ_END);
    // B's own charge, published after A's hop: once it is done, whatever B took of A's is in its queue too.
    await b.settled('billing', await b.jobIds('billing', callerB.sessionId));
    const jobs = await b.queue('billing').getJobs(['waiting', 'delayed', 'active', 'prioritized', 'completed', 'failed']);
    expect(jobs.map((j) => (j.data as { sessionId: string }).sessionId)).toEqual([callerB.sessionId]);
  });
});
