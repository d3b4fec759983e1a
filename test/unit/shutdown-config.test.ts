import { loadConfig } from '../../src/config';

describe('the shutdown budget', () => {
  it('when nothing is set, then the service serves no extra delay and has 10 s to drain', () => {
    const c = loadConfig({});
    expect([c.SHUTDOWN_DELAY_MS, c.SHUTDOWN_TIMEOUT_MS]).toEqual([0, 10_000]);
  });

  it('when the budget would not cover the delay plus one callback deadline, then start-up refuses it and says why', () => {
    expect(() => loadConfig({ SHUTDOWN_DELAY_MS: '5000', RESPONSE_DEADLINE_MS: '2000', SHUTDOWN_TIMEOUT_MS: '6000' })).toThrow(
      'Invalid configuration: SHUTDOWN_TIMEOUT_MS="6000": must be longer than SHUTDOWN_DELAY_MS + RESPONSE_DEADLINE_MS, or callbacks in flight could be cut off at shutdown',
    );
  });
});
