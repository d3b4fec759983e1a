import { Queue } from 'bullmq';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { answerAllButLast, atHop, LAST_ANSWER } from '../support/at-http';
import { eventually } from '../support/eventually';
import { plainRedis, uniqueId } from '../support/redis';
import { spawnService, type RunningService } from '../support/spawn-service';

let billing: ProviderSandbox;
let sms: ProviderSandbox;
let service: RunningService | undefined;
const redis = plainRedis();
const prefix = `{${uniqueId('q')}}`;
// Made in beforeAll, not at import (BullMQ connects at once): with every test filtered out
// (`jest -t`), the hooks do not run and an open connection would keep jest from exiting.
let queue: Queue;

beforeAll(async () => {
  queue = new Queue('billing', { connection: redis, prefix });
  billing = await startProviderSandbox('billing', { latencyMs: 1500 });
  sms = await startProviderSandbox('sms');
});
afterAll(async () => {
  if (service?.child.exitCode === null) await service.stop('SIGKILL');
  await Promise.all([billing.close(), sms.close()]);
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('shutdown', () => {
  it('when SIGTERM arrives while a worker is in the middle of a charge, then the charge completes before the process exits 0', async () => {
    // The service process itself, so SIGTERM reaches it as an orchestrator's would (not through npm).
    service = await spawnService({ BILLING_URL: billing.url, SMS_URL: sms.url, QUEUE_PREFIX: prefix }, [process.execPath, '--import', 'tsx', 'src/main.ts']);
    const sessionId = uniqueId('term');
    await answerAllButLast(service.url, sessionId, '+254711000333');
    expect(await atHop(service.url, sessionId, '+254711000333', LAST_ANSWER)).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    const chargeId = await eventually(() => billing.ledger.list().find((e) => e.key.startsWith(`at.${sessionId}.result.6.0.`) && e.busy)?.key, 'the charge to reach the provider');

    expect(await service.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(billing.ledger.get(chargeId)).toMatchObject({ attempts: 1, busy: false, answer: { status: 201 } });
    expect(await queue.getJobState(chargeId)).toBe('completed');
  }, 30_000);
});
