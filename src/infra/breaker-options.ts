import type { Config } from '../config.js';

/** The settings every breaker (providers, sources, legacy apps) is made from. */
export type BreakerConfig = Pick<Config, 'BREAKER_ERROR_THRESHOLD_PERCENT' | 'BREAKER_VOLUME_THRESHOLD' | 'BREAKER_RESET_TIMEOUT_MS' | 'BREAKER_WINDOW_MS'>;

/**
 * The opossum options all breakers share: when to open, how long to wait before probing, over
 * which window failures count.
 *
 * Latency percentiles and snapshots are off: with them, reading a breaker's stats (once a second
 * for its snapshot, and at every failure) gathers every call's run time in the window and sorts
 * them, a pause that grows with the traffic, longest during an outage. Latencies are measured by
 * the Prometheus histograms instead.
 */
export function breakerOptions(c: BreakerConfig) {
  return {
    errorThresholdPercentage: c.BREAKER_ERROR_THRESHOLD_PERCENT,
    volumeThreshold: c.BREAKER_VOLUME_THRESHOLD,
    resetTimeout: c.BREAKER_RESET_TIMEOUT_MS,
    rollingCountTimeout: c.BREAKER_WINDOW_MS,
    rollingCountBuckets: 10,
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  };
}
