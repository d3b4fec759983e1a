import { ConfigError, loadConfig } from '../../src/config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('gateway settings from the environment', () => {
  it('when none are set, then every gateway runs on its defaults with no security and no rate limit', () => {
    const c = loadConfig({});
    expect(c.GATEWAY_SETTINGS.HUBTEL).toEqual({ SECRET_IN: { where: 'header', name: 'x-ussd-secret' } });
    expect({ proxies: c.TRUSTED_PROXY_CIDRS, rate: c.RATE_LIMIT_PER_MSISDN, window: c.DUPLICATE_WINDOW_MS }).toEqual({ proxies: undefined, rate: undefined, window: 1000 });
  });

  it('when they are set, then each lands on its gateway, parsed', () => {
    const c = loadConfig({
      GATEWAY_NALO_MAX_CHARS: '100',
      GATEWAY_BEEM_SERVICE_CODE: '*384#',
      GATEWAY_FLARES_GET_SECRET: 'a-long-shared-secret',
      GATEWAY_FLARES_GET_SECRET_IN: 'query:password',
      GATEWAY_HUBTEL_ALLOW_CIDRS: '10.0.0.0/8, 2001:db8::/32',
      GATEWAY_AFRICASTALKING_RATE_LIMIT: 'off',
      RATE_LIMIT_PER_MSISDN: '30/60',
    });
    expect(c.GATEWAY_SETTINGS).toMatchObject({
      NALO: { MAX_CHARS: 100 },
      BEEM: { SERVICE_CODE: '*384#' },
      FLARES_GET: { SECRET: 'a-long-shared-secret', SECRET_IN: { where: 'query', name: 'password' } },
      FLARES: { SECRET_IN: { where: 'header', name: 'x-ussd-secret' } },
      HUBTEL: { ALLOW_CIDRS: '10.0.0.0/8, 2001:db8::/32' },
      AFRICASTALKING: { RATE_LIMIT: 'off' },
    });
    expect(c.RATE_LIMIT_PER_MSISDN).toEqual({ hops: 30, seconds: 60 });
  });

  it('when settings are wrong or unknown, then one error names every variable, and never shows a secret', () => {
    expect(
      problemsOf({
        GATEWAY_HUBTL_SECRET: 'a-long-shared-secret',
        GATEWAY_HUBTEL_SECRETS: 'x',
        GATEWAY_NALO_MAX_CHARS: '500',
        GATEWAY_ARKESEL_SECRET: 'short-secret',
        GATEWAY_MADAPI_ALLOW_CIDRS: '10.0.0.0/33,not-an-ip',
        GATEWAY_BEEM_SECRET_IN: 'cookie:x',
        TRUSTED_PROXY_CIDRS: '300.1.1.1',
        RATE_LIMIT_PER_MSISDN: '30 per minute',
      }),
    ).toEqual([
      'TRUSTED_PROXY_CIDRS="300.1.1.1": "300.1.1.1" is not an IP address or CIDR range',
      'RATE_LIMIT_PER_MSISDN="30 per minute": expected <hops>/<seconds> such as 30/60, or off',
      expect.stringMatching(/^GATEWAY_HUBTL_SECRET: not a gateway setting \(GATEWAY_<NAME>_<SETTING>, NAME one of .*HUBTEL.*\)$/),
      expect.stringMatching(/^GATEWAY_HUBTEL_SECRETS: not a gateway setting/),
      'GATEWAY_ARKESEL_SECRET=(hidden): use at least 16 characters',
      'GATEWAY_MADAPI_ALLOW_CIDRS="10.0.0.0/33,not-an-ip": "10.0.0.0/33" is not an IP address or CIDR range',
      'GATEWAY_MADAPI_ALLOW_CIDRS="10.0.0.0/33,not-an-ip": "not-an-ip" is not an IP address or CIDR range',
      'GATEWAY_NALO_MAX_CHARS="500": Too big: expected number to be <=182',
      'GATEWAY_BEEM_SECRET_IN="cookie:x": expected header:<name> or query:<parameter>',
    ]);
  });
});
