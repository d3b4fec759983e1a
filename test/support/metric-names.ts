import { registerEffectMetrics } from '../../src/effects/effect-metrics';
import { startEffectsHarness } from './effects';

/**
 * Metrics other parts of the service register only when they are configured (a source, a legacy
 * app); named here until a test can start them, so a dashboard or alert may already use them.
 */
export const ANNOUNCED_METRICS: string[] = [];

/** Every metric name a process exports with ROLE=all, its effect workers running and a legacy app configured. */
export async function exportedMetricNames(): Promise<Set<string>> {
  // A legacy URL (never called here) registers the forwarding metrics.
  const h = await startEffectsHarness({ env: { LEGACY_AFRICASTALKING_URL: 'http://127.0.0.1:9/ussd' } });
  try {
    registerEffectMetrics(h.deps.metrics, h.deps.effects.queues, h.workers);
    return new Set((await h.deps.metrics.registry.getMetricsAsJSON()).map((m) => m.name));
  } finally {
    await h.close();
  }
}

/** The metric names a PromQL expression reads (a histogram's `_bucket`, `_sum`, `_count` as the histogram). */
export function metricsIn(expr: string): string[] {
  const names = expr.match(/\b(?:ussd|process|nodejs)_[a-z0-9_]+\b/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/_(bucket|sum|count)$/, '')))];
}
