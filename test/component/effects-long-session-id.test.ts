import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { uniqueId } from '../support/redis';

let h: EffectsHarness;
beforeAll(async () => (h = await startEffectsHarness()));
afterAll(async () => h.close());

/** Africa's Talking allows 128 characters; `{` triples when URI-encoded. The tail keeps the id this test's own. */
function hostileSessionId(): string {
  const tail = uniqueId('x');
  return '{'.repeat(128 - tail.length) + tail;
}

describe('effects of a session whose id is as long and awkward as a gateway allows', () => {
  it("when a learner with a 128-character session id of `{` completes the paid quiz over Africa's Talking, then the sandbox charges once under an Idempotency-Key of at most 255 printable characters", async () => {
    const at = atCaller(h.app, { sessionId: hostileSessionId() });
    expect(await completeMathQuiz(at.hop)).toBe(QUIZ_END);

    const [chargeId] = await h.jobIds('billing', at.sessionId);
    expect(await h.settled('billing', [chargeId as string])).toEqual(['completed']);
    const applied = h.billing.ledger.applied().filter((e) => e.request.includes(`"msisdn":"${at.phoneNumber.slice(1)}"`));
    expect(applied.map((e) => ({ key: e.key, attempts: e.attempts }))).toEqual([{ key: chargeId, attempts: 1 }]);
    expect(chargeId).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(chargeId).not.toContain(':');
  });
});
