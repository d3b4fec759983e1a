import { ConfigError, legacyTimeoutMs, loadConfig } from '../../src/config';

describe('legacy app configuration', () => {
  it('when no LEGACY_* variable is set, then no gateway forwards', () => {
    expect(loadConfig({}).LEGACY_URLS).toEqual({});
  });

  it("when LEGACY_<GATEWAY>_URL is set, then that gateway's callbacks have somewhere to go, under the gateway's env name", () => {
    const c = loadConfig({ LEGACY_AFRICASTALKING_URL: 'http://legacy.example/ussd', LEGACY_FLARES_GET_URL: 'https://old.example/flares' });
    expect(c.LEGACY_URLS).toEqual({ AFRICASTALKING: 'http://legacy.example/ussd', FLARES_GET: 'https://old.example/flares' });
  });

  it('when a LEGACY variable names no gateway or is no URL, then the error names the variable and hides credentials', () => {
    let error: unknown;
    try {
      loadConfig({ LEGACY_AFRICATALKING_URL: 'http://x.example/', LEGACY_HUBTEL_URL: 'ftp://user:s3cret@old.example/' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([expect.stringMatching(/^LEGACY_AFRICATALKING_URL: not a gateway \(LEGACY_<NAME>_URL, NAME one of AFRICASTALKING, /), expect.stringMatching(/^LEGACY_HUBTEL_URL="ftp:\/\/\(hidden\)@old.example\/": expected an http\(s\) URL/)]);
    expect(problems.join(' ')).not.toContain('s3cret');
  });

  it('when LEGACY_TIMEOUT_MS is unset, then the legacy app gets the reply deadline less room to answer in time', () => {
    expect(legacyTimeoutMs(loadConfig({}))).toBe(1750);
    expect(legacyTimeoutMs(loadConfig({ RESPONSE_DEADLINE_MS: '500' }))).toBe(400);
    expect(legacyTimeoutMs(loadConfig({ LEGACY_TIMEOUT_MS: '900' }))).toBe(900);
  });

  it('when LEGACY_TIMEOUT_MS outlasts the reply deadline, then start-up refuses it and says why', () => {
    expect(() => loadConfig({ LEGACY_TIMEOUT_MS: '5000', RESPONSE_DEADLINE_MS: '1000' })).toThrow(/^Invalid configuration: LEGACY_TIMEOUT_MS="5000": must be at most RESPONSE_DEADLINE_MS less a fifth/);
    expect(legacyTimeoutMs(loadConfig({ LEGACY_TIMEOUT_MS: '800', RESPONSE_DEADLINE_MS: '1000' }))).toBe(800);
  });
});
