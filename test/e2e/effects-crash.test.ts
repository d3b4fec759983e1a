import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { answerAllButLast, atHop, LAST_ANSWER } from '../support/at-http';
import { eventually } from '../support/eventually';
import { plainRedis, uniqueId } from '../support/redis';
import { spawnService, type RunningService } from '../support/spawn-service';

/** The service process itself (not npm around it), so the signal it dies of is its own. */
const NODE_MAIN = [process.execPath, '--import', 'tsx', 'src/main.ts'];

let billing: ProviderSandbox;
let sms: ProviderSandbox;
let restarted: RunningService | undefined;
const redis = plainRedis();
const prefix = `{${uniqueId('q')}}`;

beforeAll(async () => {
  billing = await startProviderSandbox('billing');
  sms = await startProviderSandbox('sms');
});
afterAll(async () => {
  await restarted?.stop();
  await Promise.all([billing.close(), sms.close()]);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('a crash between the session write and the enqueue', () => {
  it('when the process is killed (SIGKILL) right after writing the final hop, then the effects wait in the outbox and land once after a restart', async () => {
    const env = { BILLING_URL: billing.url, SMS_URL: sms.url, QUEUE_PREFIX: prefix };
    const crashed = await spawnService({ ...env, TEST_CRASH_POINT: 'after-outbox-write', OUTBOX_SWEEP_INTERVAL_MS: '0' }, NODE_MAIN);
    const sessionId = uniqueId('crash');
    await answerAllButLast(crashed.url, sessionId, '+254711000222');
    await atHop(crashed.url, sessionId, '+254711000222', LAST_ANSWER).catch(() => 'no reply: the process died');
    expect(await eventually(() => crashed.child.signalCode, 'the process to die')).toBe('SIGKILL');

    const outbox = `ussd:o:{at:${sessionId}}`;
    const left = Object.keys(await redis.hgetall(outbox)).sort();
    expect(left).toEqual([expect.stringMatching(new RegExp(`^at\\.${sessionId}\\.result\\.6\\.0\\.\\d+$`)), expect.stringMatching(/\.result\.6\.1\.\d+$/)]);
    expect(billing.ledger.list()).toEqual([]);

    restarted = await spawnService({ ...env, OUTBOX_SWEEP_INTERVAL_MS: '200', OUTBOX_SWEEP_MIN_AGE_MS: '1000' }, NODE_MAIN);
    // The restarted sweeper may also find other tests' leftovers in the shared Redis: look at ours.
    const ours = (s: ProviderSandbox) => s.ledger.applied().filter((e) => e.key.includes(sessionId));
    await eventually(() => ours(billing).length === 1 && ours(sms).length === 1, 'the charge and the SMS to land', 20_000);
    expect(ours(billing).map((e) => [e.key, e.attempts])).toEqual([[left[0], 1]]);
    expect(ours(sms).map((e) => e.key)).toEqual([left[1]]);
    await eventually(async () => (await redis.exists(outbox)) === 0, 'the outbox to be cleared');

    expect(await restarted.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(restarted.lines.some((l) => l.includes('outbox sweep: re-enqueued effects left behind'))).toBe(true);
  }, 60_000);
});
