import { loadConfig } from '../../src/config';

describe('the shutdown budget', () => {
  it('when nothing is set, then the service serves no extra delay and has 10 s to drain', () => {
    const c = loadConfig({});
    expect([c.SHUTDOWN_DELAY_MS, c.SHUTDOWN_TIMEOUT_MS]).toEqual([0, 10_000]);
  });

  it('when the budget would not cover the delay plus one callback deadline or one provider call, then start-up refuses it and says why', () => {
    const message =
      'must be longer than SHUTDOWN_DELAY_MS + the longer of RESPONSE_DEADLINE_MS and PROVIDER_TIMEOUT_MS, or a callback or job in flight could be cut off at shutdown';
    expect(() => loadConfig({ SHUTDOWN_DELAY_MS: '5000', RESPONSE_DEADLINE_MS: '2000', PROVIDER_TIMEOUT_MS: '1000', SHUTDOWN_TIMEOUT_MS: '6000' })).toThrow(
      `Invalid configuration: SHUTDOWN_TIMEOUT_MS="6000": ${message}`,
    );
    expect(() => loadConfig({ PROVIDER_TIMEOUT_MS: '12000' })).toThrow(`Invalid configuration: SHUTDOWN_TIMEOUT_MS (not set: its default): ${message}`);
  });
});
