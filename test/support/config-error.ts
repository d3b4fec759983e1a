import { ConfigError, loadConfig } from '../../src/config';

/** The one message `loadConfig` refuses `env` with; a test fails when it is accepted instead. */
export function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
