import type { Config } from '../config.js';
import { PROVIDER_ENDPOINTS } from '../effects/effect-kinds.js';
import type { Logger } from '../infra/logger.js';
import { startProviderSandbox, type ProviderSandbox } from './provider-sandbox.js';

/** The variables naming the providers the workers call; in production each must be set (`requireInProduction`). */
export const PROVIDER_URL_VARIABLES = ['BILLING_URL', 'SMS_URL'] as const;

export interface ProviderUrls {
  /** Each provider's base URL, by provider name (`billing`, `sms`, …). */
  urls: Record<string, string>;
  /** Stops the sandboxes started here (none when every URL was configured). */
  close(): Promise<void>;
}

/**
 * The providers the workers call: each effect kind's configured URL (BILLING_URL, SMS_URL, …), or,
 * for each one unset, its sandbox started in this process (so the quick start bills for real,
 * against the sandbox's ledger).
 */
export async function providerUrls(config: Pick<Config, (typeof PROVIDER_ENDPOINTS)[number]['variable']>, log: Logger): Promise<ProviderUrls> {
  const started: ProviderSandbox[] = [];
  const urls: Record<string, string> = {};
  for (const { provider, variable, sandbox: kind } of PROVIDER_ENDPOINTS) {
    const configured = config[variable];
    if (configured) {
      urls[provider] = configured;
      continue;
    }
    const sandbox = await startProviderSandbox(kind);
    started.push(sandbox);
    log.warn({ sandbox: kind, url: sandbox.url }, `${variable} is not set: ${kind} goes to a local sandbox at ${sandbox.url} (ledger: GET ${sandbox.url}/_sandbox)`);
    urls[provider] = sandbox.url;
  }
  return {
    urls,
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
