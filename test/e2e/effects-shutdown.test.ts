import { Queue } from 'bullmq';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { plainRedis, uniqueId } from '../support/redis';
import { atHop, killService, spawnService, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

let billing: ProviderSandbox;
let sms: ProviderSandbox;
let service: ServiceProcess | undefined;
const redis = plainRedis();
const prefix = `{${uniqueId('q')}}`;
const queue = new Queue('billing', { connection: redis, prefix });

beforeAll(async () => {
  billing = await startProviderSandbox('billing', { latencyMs: 1500 });
  sms = await startProviderSandbox('sms');
});
afterAll(async () => {
  await killService(service);
  await Promise.all([billing.close(), sms.close()]);
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('shutdown', () => {
  it('when SIGTERM arrives while a worker is in the middle of a charge, then the charge completes before the process exits 0', async () => {
    service = await spawnService({ BILLING_URL: billing.url, SMS_URL: sms.url, QUEUE_PREFIX: prefix });
    const sessionId = uniqueId('term');
    for (const text of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await atHop(service.url, sessionId, '+254711000333', text);
    expect(await atHop(service.url, sessionId, '+254711000333', '1*1*2*1*3')).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    const chargeId = `at.${sessionId}.result.6.0`;
    await waitFor('the charge to reach the provider', () => billing.ledger.get(chargeId)?.busy);

    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(billing.ledger.get(chargeId)).toMatchObject({ attempts: 1, busy: false, answer: { status: 201 } });
    expect(await queue.getJobState(chargeId)).toBe('completed');
  }, 30_000);
});
