import { answerAllButLast, atHop, LAST_ANSWER } from '../support/at-http';
import { eventually } from '../support/eventually';
import { plainRedis, uniqueId } from '../support/redis';
import { spawnService, type RunningService } from '../support/spawn-service';

let svc: RunningService | undefined;
const redis = plainRedis();
const prefix = `{${uniqueId('q')}}`;
afterAll(async () => {
  await svc?.stop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

interface SandboxView {
  summary: { applied: number };
  entries: Array<{ key: string; request: string; answer?: { status: number } }>;
}

describe('npm start with no BILLING_URL, SMS_URL or SOURCE_* settings', () => {
  it('when a learner completes the quiz, then the in-process sandboxes (their URLs in the log) record the KES 5 charge, the SMS and the QuizCompleted event, and My progress reads the learners sandbox', async () => {
    svc = await spawnService({ QUEUE_PREFIX: prefix, MENUS_DIR: 'menus' }); // the shipped menus, as npm start serves them
    const sandboxUrl = (kind: string) =>
      svc?.lines
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { sandbox?: string; url?: string })
        .find((l) => l.sandbox === kind)?.url as string;
    expect(sandboxUrl('billing')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const sessionId = uniqueId('qs');
    await answerAllButLast(svc.url, sessionId, '+254711000444');
    expect(await atHop(svc.url, sessionId, '+254711000444', LAST_ANSWER)).toBe('END You scored 3/3 in Math. Dial *384# to try again.');

    const view = async (kind: string) => (await (await fetch(`${sandboxUrl(kind)}/_sandbox`)).json()) as SandboxView;
    const billed = await eventually(async () => (await view('billing')).entries.find((e) => e.key.startsWith(`at.${sessionId}.result.6.0.`) && e.answer), 'the charge');
    expect({ request: JSON.parse(billed.request), status: billed.answer?.status }).toEqual({
      request: { msisdn: '254711000444', amount: 5, currency: 'KES', description: 'Eneza quiz: Math', reference: billed.key },
      status: 201,
    });
    const sent = await eventually(async () => (await view('sms')).entries.find((e) => e.key.startsWith(`at.${sessionId}.result.6.1.`) && e.answer), 'the SMS');
    expect(JSON.parse(sent.request).text).toBe('Eneza: you scored 3/3 in Math. Dial *384# to try again.');
    // No SOURCE_ANALYTICS_URL: the QuizCompleted call went to the analytics sandbox, once, under its effect id.
    const told = await eventually(async () => (await view('analytics')).entries.find((e) => e.key.startsWith(`at.${sessionId}.result.6.2.`) && e.answer), 'the QuizCompleted event');
    expect(JSON.parse(told.request)).toEqual({ event: 'QuizCompleted', msisdn: '254711000444', subject: 'Math', score: '3' });

    // No SOURCE_LEARNERS_URL: "3. My progress" reads the learners sandbox.
    const progress = uniqueId('qs');
    await atHop(svc.url, progress, '+254711000444', '');
    expect(await atHop(svc.url, progress, '+254711000444', '3')).toBe('END Quizzes taken: 6. Best score: 0/3. Dial *384# to take another.');
  }, 60_000);
});
