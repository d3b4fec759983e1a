import { Queue } from 'bullmq';
import { startEffectWorkers, type EffectWorkers } from '../../src/effects/effect-workers';
import type { QueueName } from '../../src/effects/effect-kinds';
import type { KnobsPatch } from '../../src/sandbox/knobs';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';
import { startTestApp, type TestApp } from './app';
import { capturingLogger } from './log-capture';
import { eventually } from './eventually';
import { createRedis } from '../../src/infra/redis';

export interface EffectsHarness extends TestApp {
  billing: ProviderSandbox;
  sms: ProviderSandbox;
  workers: EffectWorkers;
  /** Log lines of the workers (breaker state changes, failures). */
  workerLog: ReturnType<typeof capturingLogger>;
  queue(name: QueueName): Queue;
  /** The ids of the jobs `name` holds for a session, once it holds at least one (in any state). */
  jobIds(name: QueueName, sessionId: string): Promise<string[]>;
  /** Waits until each job is completed or failed for good and the queue is idle; resolves with their states. */
  settled(name: QueueName, ids: string[], timeoutMs?: number): Promise<string[]>;
}

/** The real app, real workers on real BullMQ, and both sandbox providers over HTTP; its own queue prefix. */
export async function startEffectsHarness(
  opts: { env?: Record<string, string>; billing?: KnobsPatch; sms?: KnobsPatch; extras?: Parameters<typeof startTestApp>[2] } = {},
): Promise<EffectsHarness> {
  const billing = await startProviderSandbox('billing', opts.billing);
  const sms = await startProviderSandbox('sms', opts.sms);
  const t = await startTestApp({ BILLING_URL: billing.url, SMS_URL: sms.url, OUTBOX_SWEEP_INTERVAL_MS: '0', ...opts.env }, undefined, opts.extras);
  const workerLog = capturingLogger();
  const workers = startEffectWorkers(t.deps.config, workerLog.log, { billing: billing.url, sms: sms.url }, { redis: t.deps.redis, publisher: t.deps.effects.publisher });
  // The test's own look at the queues, on a connection that waits (the worker profile) instead of
  // the web profile's 500 ms command timeout: on a CI machine busy with other suites, a probe must
  // wait, not fail the test. Same Redis or Cluster as the app.
  const probe = createRedis(t.deps.config, 'worker');
  const probes = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let q = probes.get(name);
    if (!q) probes.set(name, (q = new Queue(name, { connection: probe, prefix: t.deps.config.QUEUE_PREFIX })));
    return q;
  };
  return {
    ...t,
    billing,
    sms,
    workers,
    workerLog,
    queue,
    async jobIds(name, sessionId) {
      return eventually(async () => {
        const jobs = await queue(name).getJobs(['waiting', 'delayed', 'active', 'prioritized', 'completed', 'failed']);
        const ids = jobs.filter((j) => j.data.sessionId === sessionId).map((j) => j.id as string);
        return ids.length > 0 ? ids.sort() : undefined;
      }, `a ${name} job for session ${sessionId}`);
    },
    async settled(name, ids, timeoutMs = 15_000) {
      return eventually(async () => {
        const states = await Promise.all(ids.map((id) => queue(name).getJobState(id)));
        const c = await queue(name).getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        const idle = Object.values(c).every((n) => n === 0);
        return idle && states.every((s) => s === 'completed' || s === 'failed') ? states : undefined;
      }, `${name} jobs ${ids.join(', ')} to finish`, timeoutMs);
    },
    close: async () => {
      await workers.close();
      await Promise.all([...probes.values()].map((q) => q.close()));
      await probe.quit();
      await t.close();
      await Promise.all([billing.close(), sms.close()]);
    },
  };
}

/** Answers the Math quiz (3/3) over Africa's Talking and returns the final reply. */
export async function completeMathQuiz(hop: (text: string) => Promise<string>): Promise<string> {
  for (const chain of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await hop(chain);
  return hop('1*1*2*1*3');
}

export const QUIZ_END = 'END You scored 3/3 in Math. Dial *384# to try again.';
