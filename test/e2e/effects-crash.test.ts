import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { plainRedis, uniqueId } from '../support/redis';
import { atHop, killService, spawnService, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

const QUIZ = ['', '1', '1*1', '1*1*2', '1*1*2*1'];
const FINAL = '1*1*2*1*3';

let billing: ProviderSandbox;
let sms: ProviderSandbox;
let crashed: ServiceProcess | undefined;
let restarted: ServiceProcess | undefined;
const redis = plainRedis();
const prefix = `{${uniqueId('q')}}`;

beforeAll(async () => {
  billing = await startProviderSandbox('billing');
  sms = await startProviderSandbox('sms');
});
afterAll(async () => {
  await Promise.all([killService(crashed), killService(restarted)]);
  await Promise.all([billing.close(), sms.close()]);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('a crash between the session write and the enqueue', () => {
  it('when the process is killed (SIGKILL) right after writing the final hop, then the effects wait in the outbox and land once after a restart', async () => {
    const env = { BILLING_URL: billing.url, SMS_URL: sms.url, QUEUE_PREFIX: prefix };
    crashed = await spawnService({ ...env, TEST_CRASH_POINT: 'after-outbox-write', OUTBOX_SWEEP_INTERVAL_MS: '0' });
    const sessionId = uniqueId('crash');
    for (const text of QUIZ) await atHop(crashed.url, sessionId, '+254711000222', text);
    await atHop(crashed.url, sessionId, '+254711000222', FINAL).catch(() => 'no reply: the process died');
    expect(await crashed.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const outbox = `ussd:o:{at:${sessionId}}`;
    expect(Object.keys(await redis.hgetall(outbox)).sort()).toEqual([`at.${sessionId}.result.6.0`, `at.${sessionId}.result.6.1`]);
    expect(billing.ledger.list()).toEqual([]);

    restarted = await spawnService({ ...env, OUTBOX_SWEEP_INTERVAL_MS: '200', OUTBOX_SWEEP_MIN_AGE_MS: '1000' });
    // The restarted sweeper may also find other tests' leftovers in the shared Redis: look at ours.
    const ours = (s: ProviderSandbox) => s.ledger.applied().filter((e) => e.key.includes(sessionId));
    await waitFor('the charge and the SMS to land', () => ours(billing).length === 1 && ours(sms).length === 1, 20_000);
    expect(ours(billing).map((e) => [e.key, e.attempts])).toEqual([[`at.${sessionId}.result.6.0`, 1]]);
    expect(ours(sms).map((e) => e.key)).toEqual([`at.${sessionId}.result.6.1`]);
    await waitFor('the outbox to be cleared', async () => (await redis.exists(outbox)) === 0);

    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(restarted.output()).toContain('outbox sweep: re-enqueued effects left behind');
  }, 60_000);
});
