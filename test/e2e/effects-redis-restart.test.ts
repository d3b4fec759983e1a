import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { answerAllButLast, atHop, LAST_ANSWER } from '../support/at-http';
import { eventually } from '../support/eventually';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

// The service is spawned, and Redis killed and started again under it.
jest.setTimeout(60_000);

let billing: ProviderSandbox;
let sms: ProviderSandbox;
let redis: OwnRedis | undefined;
let svc: ServiceProcess | undefined;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aof-'));
  billing = await startProviderSandbox('billing', { latencyMs: 2000 });
  sms = await startProviderSandbox('sms');
});
afterEach(async () => {
  svc?.kill();
  await svc?.exited;
  await redis?.stop();
  await Promise.all([billing.close(), sms.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Completes the quiz on the service and resolves with the charge's key once billing is working on it. */
async function chargeAtBilling(service: ServiceProcess, sessionId: string): Promise<string> {
  const url = `http://127.0.0.1:${service.port}`;
  await answerAllButLast(url, sessionId, '+254711000444');
  expect(await atHop(url, sessionId, '+254711000444', LAST_ANSWER)).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
  return eventually(() => billing.ledger.list().find((e) => e.key.includes(sessionId) && e.busy)?.key, 'the charge to reach billing');
}

describe('Redis restarting (SIGKILL) while a worker holds a charge', () => {
  it('when Redis keeps an append-only file, then the charge is applied once and its job completes', async () => {
    redis = await ownRedis(['--appendonly', 'yes', '--dir', dir]);
    svc = await startServiceProcess({ REDIS_URL: redis.url, BILLING_URL: billing.url, SMS_URL: sms.url });
    const key = await chargeAtBilling(svc, uniqueId('aof'));
    await redis.restart();

    const probe = new Redis(redis.url);
    const queue = new Queue('billing', { connection: probe, prefix: '{ussd}' });
    try {
      await eventually(async () => (await queue.getJobState(key)) === 'completed', 'the job to complete', 30_000);
      expect(billing.ledger.list().map((e) => [e.key, e.answer?.status])).toEqual([[key, 201]]);
    } finally {
      await queue.close();
      probe.disconnect();
    }
  });

  it('when Redis keeps nothing, then the charge in hand is applied once (its job is gone with the rest), and the next learner is charged: workers and relay carry on', async () => {
    redis = await ownRedis();
    svc = await startServiceProcess({ REDIS_URL: redis.url, BILLING_URL: billing.url, SMS_URL: sms.url });
    const first = await chargeAtBilling(svc, uniqueId('lost'));
    await redis.restart();
    await eventually(() => billing.ledger.get(first)?.answer, 'billing to answer');
    // The worker could not record it: Redis no longer knows the job.
    await eventually(() => svc?.logs.some((l) => String(l.err).startsWith(`Missing key for job ${first}`)), 'the worker to find its job gone');

    billing.setKnobs({ latencyMs: 0 });
    const next = uniqueId('next');
    const url = `http://127.0.0.1:${svc.port}`;
    await answerAllButLast(url, next, '+254711000445');
    expect(await atHop(url, next, '+254711000445', LAST_ANSWER)).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    await eventually(() => billing.ledger.applied().some((e) => e.key.includes(next)), 'the next charge to land', 30_000);
    expect(billing.ledger.list().map((e) => [e.key.includes(next) ? 'next' : e.key, e.attempts, e.answer?.status])).toEqual([
      [first, 1, 201],
      ['next', 1, 201],
    ]);
  });
});
