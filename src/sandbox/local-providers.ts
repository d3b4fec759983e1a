import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import { startProviderSandbox, type ProviderSandbox } from './provider-sandbox.js';

/** The variables naming the providers the workers call; in production each must be set (`requireInProduction`). */
export const PROVIDER_URL_VARIABLES = ['BILLING_URL', 'SMS_URL'] as const;

export interface ProviderUrls {
  billingUrl: string;
  smsUrl: string;
  /** Stops the sandboxes started here (none when both URLs were configured). */
  close(): Promise<void>;
}

/**
 * The providers the workers call: BILLING_URL and SMS_URL, or, for each one unset, a sandbox
 * started in this process (so the quick start bills for real, against the sandbox's ledger).
 */
export async function providerUrls(config: Pick<Config, 'BILLING_URL' | 'SMS_URL'>, log: Logger): Promise<ProviderUrls> {
  const started: ProviderSandbox[] = [];
  const urlFor = async (kind: 'billing' | 'sms', configured: string | undefined, variable: string) => {
    if (configured) return configured;
    const sandbox = await startProviderSandbox(kind);
    started.push(sandbox);
    log.warn({ sandbox: kind, url: sandbox.url }, `${variable} is not set: ${kind} goes to a local sandbox at ${sandbox.url} (ledger: GET ${sandbox.url}/_sandbox)`);
    return sandbox.url;
  };
  return {
    billingUrl: await urlFor('billing', config.BILLING_URL, 'BILLING_URL'),
    smsUrl: await urlFor('sms', config.SMS_URL, 'SMS_URL'),
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
