import type { Metrics } from '../infra/metrics.js';
import { breakerState, type BreakerState } from './breaker.js';
import type { EffectWorkers } from './effect-workers.js';
import { isProviderRefusal } from './provider-refusal.js';
import type { EffectQueues } from './queues.js';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const COUNTED_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
const OUTCOMES = ['completed', 'retried', 'failed', 'rejected'] as const;

/**
 * The effects pipeline's metrics, where workers run (ROLE worker or all): jobs by queue and
 * outcome from the workers' events, queue depth read from Redis at scrape time (every replica
 * reports the same depth: use max(); none while Redis cannot be read), and each provider's breaker state. Nothing on the reply path.
 */
export function registerEffectMetrics(metrics: Metrics, queues: EffectQueues, workers: EffectWorkers): void {
  const jobs = metrics.counter({
    name: 'ussd_effect_jobs_total',
    help: 'Effect jobs by queue and outcome: completed, retried (failed, another attempt to come), failed (every attempt spent, or failed by BullMQ: stalled too often), rejected (the provider refused: final).',
    labelNames: ['queue', 'outcome'],
  });
  for (const [queue, worker] of Object.entries(workers.queueWorkers)) {
    // Every series exists from the start at 0: one born at 1 is no increase to Prometheus, and the
    // first job to fail for good on a worker would never raise UssdEffectsFailedForGood.
    for (const outcome of OUTCOMES) jobs.inc({ queue, outcome }, 0);
    worker.on('completed', () => jobs.inc({ queue, outcome: 'completed' }));
    worker.on('failed', (job, err) => {
      const outcome = !job?.finishedOn ? 'retried' : isProviderRefusal(err) ? 'rejected' : 'failed';
      jobs.inc({ queue, outcome });
    });
  }
  metrics.gauge({
    name: 'ussd_queue_jobs',
    help: 'Jobs in each effect queue by state (read from Redis when scraped; the same on every replica).',
    labelNames: ['queue', 'state'],
    async collect() {
      for (const [queue, q] of Object.entries(queues.byName)) {
        const counts = await q.getJobCounts(...COUNTED_STATES).catch(() => undefined);
        // Unreadable (Redis away): no series, rather than the last depth read, however old it is.
        for (const state of COUNTED_STATES) {
          if (counts) this.set({ queue, state }, counts[state] ?? 0);
          else this.remove({ queue, state });
        }
      }
    },
  });
  metrics.gauge({
    name: 'ussd_breaker_state',
    help: "Each provider's circuit breaker: 0 closed, 1 half-open (probing), 2 open (queue on hold).",
    labelNames: ['provider'],
    collect() {
      for (const [provider, breaker] of workers.breakers) this.set({ provider }, BREAKER_VALUE[breakerState(breaker)]);
    },
  });
}
