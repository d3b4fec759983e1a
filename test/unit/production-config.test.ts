import { ConfigError, loadConfig, requireInProduction } from '../../src/config';

const refusal = (env: Record<string, string>, required: string[]): string | undefined => {
  try {
    requireInProduction(loadConfig(env), required, env);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
};

describe('production configuration', () => {
  it('when NODE_ENV=production and required variables are missing, then one line names every missing one', () => {
    const message = refusal({ NODE_ENV: 'production', SMS_URL: 'https://sms.example.com' }, ['BILLING_URL', 'SMS_URL', 'SOURCE_GRADES', 'SOURCE_GRADES']);
    expect(message).toBe('Invalid configuration: NODE_ENV=production needs BILLING_URL, SOURCE_GRADES (no sandbox stands in for a provider in production)');
    expect(message).not.toContain('\n');
  });

  it('when NODE_ENV=production and every required variable is set, then it starts', () => {
    expect(refusal({ NODE_ENV: 'production', BILLING_URL: 'https://b.example.com', SMS_URL: 'https://s.example.com' }, ['BILLING_URL', 'SMS_URL'])).toBeUndefined();
  });

  it.each<Record<string, string>>([{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }])('when NODE_ENV is %j, then a missing provider is left to a sandbox', (env) => {
    expect(refusal(env, ['BILLING_URL', 'SMS_URL'])).toBeUndefined();
  });

  it('when NODE_ENV=production, then the simulator is off unless asked for; elsewhere it is on unless turned off', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).SIMULATOR_ENABLED).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SIMULATOR_ENABLED: 'true' }).SIMULATOR_ENABLED).toBe(true);
    expect(loadConfig({}).SIMULATOR_ENABLED).toBe(true);
    expect(loadConfig({ SIMULATOR_ENABLED: 'false' }).SIMULATOR_ENABLED).toBe(false);
  });
});
