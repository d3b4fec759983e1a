import type { Counter, Histogram } from 'prom-client';
import type { Metrics } from '../infra/metrics.js';
import type { SourceOutcome } from './source-client.js';

/**
 * How a fetch failed, as counted: a `SourceOutcome` but `ok`; `deadline` (cut by what was left of
 * the hop, before the source's own timeoutMs, or no time left to call); `open` (refused by the
 * breaker, no call made); `bad-path` (a path with a dot segment, no call made).
 */
export type FailedOutcome = Exclude<SourceOutcome, 'ok'> | 'deadline' | 'open' | 'bad-path';

/** Calls by outcome: `ok`, a `FailedOutcome`, or `cached` (answered from the cache). */
export interface SourceMetrics {
  requests: Counter<'source' | 'outcome'>;
  seconds: Histogram<'source'>;
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** `ussd_source_*`, labelled `<menu id>.<source>` (bounded by the menus' declarations). */
export function registerSourceMetrics(metrics: Metrics, breakerStates: () => Iterable<[string, keyof typeof BREAKER_VALUE]>): SourceMetrics {
  metrics.gauge({
    name: 'ussd_source_breaker_state',
    help: "Each source's circuit breaker: 0 closed, 1 half-open (probing), 2 open (fetch screens go straight to onError).",
    labelNames: ['source'],
    collect() {
      for (const [source, state] of breakerStates()) this.set({ source }, BREAKER_VALUE[state]);
    },
  });
  return {
    requests: metrics.counter({
      name: 'ussd_source_requests_total',
      help: 'Source calls by source and outcome: ok, status (non-2xx), timeout (at the source timeoutMs), deadline (cut first by the hop deadline, or no time left: not counted by the breaker), unavailable (no connection), too-large (over 64 KB), not-json, open (breaker open: not made), bad-path (a path with a . or .. segment: not made), cached (answered from the cache).',
      labelNames: ['source', 'outcome'],
    }),
    seconds: metrics.histogram({
      name: 'ussd_source_request_duration_seconds',
      help: 'Time of source calls actually made (not cached, not refused by the breaker), by source.',
      labelNames: ['source'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5],
    }),
  };
}
