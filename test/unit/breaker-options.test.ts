import CircuitBreaker from 'opossum';
import { breakerOptions } from '../../src/infra/breaker-options';

const config = { BREAKER_ERROR_THRESHOLD_PERCENT: 50, BREAKER_VOLUME_THRESHOLD: 5, BREAKER_RESET_TIMEOUT_MS: 60_000, BREAKER_WINDOW_MS: 10_000 };

describe('breakerOptions', () => {
  // Each failure reads the stats: with percentiles on, that gathers and sorts every latency of the window.
  it('when a breaker has carried many calls, then reading its stats gathers counts only, no latencies to sort', async () => {
    const breaker = new CircuitBreaker(() => Promise.resolve('ok'), breakerOptions(config));
    for (let i = 0; i < 1000; i++) await breaker.fire();
    const stats = breaker.stats;
    expect(stats.successes).toBe(1000);
    expect(stats.latencyTimes).toHaveLength(0);
    breaker.shutdown();
  });

  it('when calls keep failing past the volume threshold, then the breaker opens as configured', async () => {
    const breaker = new CircuitBreaker(() => Promise.reject(new Error('down')), breakerOptions(config));
    for (let i = 0; i < 6; i++) await breaker.fire().catch(() => undefined);
    expect(breaker.opened).toBe(true);
    breaker.shutdown();
  });
});
