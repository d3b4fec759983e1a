import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { answerAllButLast, atHop, LAST_ANSWER } from '../support/at-http';
import { eventually } from '../support/eventually';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

// BullMQ finds a dead worker's job by its lock running out (30 s) on its next stalled check (every 30 s).
jest.setTimeout(180_000);

let billing: ProviderSandbox;
let sms: ProviderSandbox;
let redis: OwnRedis;
let probe: Redis;
let queue: Queue;
const processes: ServiceProcess[] = [];
/** A billing provider that takes requests and never answers: nothing is ever applied there. */
let blackhole: { url: string; keys: string[]; server: Server; held: IncomingMessage[] };

beforeAll(async () => {
  redis = await ownRedis();
  probe = new Redis(redis.url);
  queue = new Queue('billing', { connection: probe, prefix: '{ussd}' });
  billing = await startProviderSandbox('billing');
  sms = await startProviderSandbox('sms');
  const keys: string[] = [];
  const held: IncomingMessage[] = [];
  const server = createServer((req) => {
    keys.push(String(req.headers['idempotency-key']));
    held.push(req);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  blackhole = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys, server, held };
});
afterAll(async () => {
  for (const p of processes) p.kill();
  await Promise.all(processes.map((p) => p.exited));
  for (const r of blackhole.held) r.socket.destroy();
  await new Promise((r) => blackhole.server.close(r));
  await queue.close();
  probe.disconnect();
  await redis.stop();
  await Promise.all([billing.close(), sms.close()]);
});

async function start(env: Record<string, string>): Promise<ServiceProcess> {
  const p = await startServiceProcess({ REDIS_URL: redis.url, SMS_URL: sms.url, PROVIDER_TIMEOUT_MS: '60000', SHUTDOWN_TIMEOUT_MS: '70000', ...env });
  processes.push(p);
  return p;
}

async function completeQuiz(web: ServiceProcess, sessionId: string): Promise<void> {
  const url = `http://127.0.0.1:${web.port}`;
  await answerAllButLast(url, sessionId, '+254711000555');
  expect(await atHop(url, sessionId, '+254711000555', LAST_ANSWER)).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
}

async function sigkill(p: ServiceProcess): Promise<void> {
  p.child.kill('SIGKILL');
  expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });
}

describe('a worker process killed (SIGKILL) while it holds a charge', () => {
  it('when it dies before the provider applied, while the provider works, and after it answered, then two other worker processes run each charge again and each is applied once', async () => {
    const web = await start({ ROLE: 'web' });

    // Before: the request never reaches a provider that applies it.
    const before = uniqueId('before');
    const w1 = await start({ ROLE: 'worker', BILLING_URL: blackhole.url });
    await completeQuiz(web, before);
    await eventually(() => blackhole.keys.some((k) => k.includes(before)), 'the charge to be sent');
    await sigkill(w1);

    // During: billing has the request and is still working on it.
    billing.setKnobs({ latencyMs: 3000 });
    const during = uniqueId('during');
    const w2 = await start({ ROLE: 'worker', BILLING_URL: billing.url });
    await completeQuiz(web, during);
    await eventually(() => billing.ledger.list().some((e) => e.key.includes(during) && e.busy), 'billing to work on the charge');
    await sigkill(w2);

    // After: billing answered 201, the worker never read it (stopped, then killed).
    const after = uniqueId('after');
    const w3 = await start({ ROLE: 'worker', BILLING_URL: billing.url });
    await completeQuiz(web, after);
    await eventually(() => billing.ledger.list().some((e) => e.key.includes(after) && e.busy), 'billing to work on the charge');
    w3.child.kill('SIGSTOP');
    await eventually(() => billing.ledger.list().some((e) => e.key.includes(after) && e.answer), 'billing to answer', 10_000);
    await sigkill(w3);
    billing.setKnobs({ latencyMs: 0 });

    const ids = async () => (await queue.getJobs(['active', 'waiting', 'delayed', 'completed', 'failed'])).map((j) => j.id as string);
    const ours = (await ids()).filter((id) => /\.result\.6\.0\./.test(id)).sort();
    expect(ours).toHaveLength(3);
    expect(await Promise.all(ours.map((id) => queue.getJobState(id)))).toEqual(['active', 'active', 'active']);

    await Promise.all([start({ ROLE: 'worker', BILLING_URL: billing.url }), start({ ROLE: 'worker', BILLING_URL: billing.url })]);
    await eventually(async () => (await Promise.all(ours.map((id) => queue.getJobState(id)))).every((s) => s === 'completed'), 'every charge to complete', 120_000);
    const applied = billing.ledger.applied().map((e) => e.key).sort();
    expect(applied).toEqual(ours);
    expect(billing.ledger.list().map((e) => e.answer?.status)).toEqual([201, 201, 201]);
  });
});
