import { ConfigError, loadConfig } from '../../src/config';
import { configErrorOf } from '../support/config-error';

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

  it('when two deployments share one Redis with their own KEY_PREFIX (as the README says), then their queues, outbox list and sweeper lock are apart too, unless QUEUE_PREFIX says otherwise', () => {
    expect(loadConfig({}).QUEUE_PREFIX).toBe('{ussd}');
    expect([loadConfig({ KEY_PREFIX: 'shop-a' }).QUEUE_PREFIX, loadConfig({ KEY_PREFIX: 'shop-b' }).QUEUE_PREFIX]).toEqual(['{shop-a}', '{shop-b}']);
    expect(loadConfig({ KEY_PREFIX: 'shop-a', QUEUE_PREFIX: '{ussd}' }).QUEUE_PREFIX).toBe('{ussd}');
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

describe('secrets in configuration errors', () => {
  it('when ADMIN_TOKEN is too short, then the error names it and never shows it', () => {
    const message = configErrorOf({ ADMIN_TOKEN: 'hunter2-admin' });
    expect(message).toContain('ADMIN_TOKEN=(hidden): use at least 16 characters');
    expect(message).not.toContain('hunter2');
  });

  it('when a URL with a password is wrong, then the error shows it with the password masked', () => {
    const message = configErrorOf({ REDIS_URL: 'http://app:s3cr3t-pw@redis.internal:6379', REDIS_CLUSTER_NODES: 'redis://app:s3cr3t-pw@a:1;bad', BILLING_URL: 'ftp://u:s3cr3t-pw@billing' });
    expect(message).not.toContain('s3cr3t');
    expect(message).toContain('REDIS_URL="http://app:***@redis.internal:6379"');
    expect(message).toContain('BILLING_URL="ftp://u:***@billing"');
  });

  it("when a password holds characters a URL must escape (a base64 one with '/' and '+'), then the error still hides all of it", () => {
    const message = configErrorOf({ REDIS_URL: 'redis://:Zm9v/YmFy+cXV4=@redis.internal:6379', REDIS_CLUSTER_NODES: 'redis://app:Zm9v/YmFy@a:7000,b:7001;bad' });
    expect(message).not.toMatch(/Zm9v|YmFy|cXV4/);
    expect(message).toContain('REDIS_URL="redis://:***@redis.internal:6379"');
    expect(message).toContain('REDIS_CLUSTER_NODES="redis://app:***@a:7000,b:7001;bad"');
  });

  it('when a URL that carries a key in its query is wrong, then the error names the variable and hides the query', () => {
    const message = configErrorOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'htp://collector:4318?api-key=s3cr3t-k', BILLING_URL: 'billing.internal/v1?token=s3cr3t-t&x=1' });
    expect(message).not.toContain('s3cr3t');
    expect(message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT="htp://collector:4318?***"');
    expect(message).toContain('BILLING_URL="billing.internal/v1?***"');
  });

  it.each(['GATEWAY_HUBTEL_SECRET', 'GATEWAY_NALO_ALLOW_CIDRS', 'GATEWAY_FLARES_GET_SECRET'])('when %s is set but empty (a Kubernetes secret with no value), then start-up is refused naming it', (name) => {
    expect(configErrorOf({ [name]: '' })).toBe(`Invalid configuration: ${name} is set but empty: unset it to leave the gateway unprotected, or give it a value`);
  });
});
