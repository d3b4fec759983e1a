import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('when nothing is set, then the defaults serve a single machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      MENUS_DIR: './menus',
      SESSION_TTL_SECONDS: 20,
      RESUME_WINDOW_SECONDS: 120,
      RESPONSE_DEADLINE_MS: 2000,
      ROLE: 'all',
      LOG_LEVEL: 'info',
    });
    expect(c.BILLING_URL).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('when several variables are wrong, then one error names every one of them', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ROLE: 'boss', SESSION_TTL_SECONDS: '-4', REDIS_URL: 'http://x', LOG_LEVEL: 'debug' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT="eighty"', 'ROLE="boss"', 'SESSION_TTL_SECONDS="-4"', 'REDIS_URL="http://x"']) expect(message).toContain(name);
    expect(message).not.toContain('LOG_LEVEL');
  });

  it('when a variable is set to the empty string, then its default applies', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });
});
