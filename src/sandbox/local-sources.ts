import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import { SOURCE_SANDBOXES, startSourceSandbox, type SourceSandbox } from './source-sandbox.js';

/** The SOURCE_* settings `${NAME}` reads, and the sandboxes started for those that were unset. */
export interface SourceSettings {
  settings: Readonly<Record<string, string>>;
  /** Stops the sandboxes started here (absent when none was). */
  close?: () => Promise<void>;
}

/**
 * The SOURCE_* settings, with a local sandbox started for each unset one that has a sandbox
 * (SOURCE_LEARNERS_URL, SOURCE_ANALYTICS_URL) and that the menus name (`named`; a worker, which
 * reads no menus, gets every one), so `npm start` works alone. Never in production: there
 * `requireInProduction` has already refused a missing one.
 */
export async function sourceSettings(config: Pick<Config, 'SOURCE_SETTINGS' | 'NODE_ENV'>, named: readonly string[] | undefined, log: Logger): Promise<SourceSettings> {
  const settings: Record<string, string> = { ...config.SOURCE_SETTINGS };
  const started: SourceSandbox[] = [];
  if (config.NODE_ENV !== 'production') {
    for (const { variable, kind } of SOURCE_SANDBOXES) {
      if (settings[variable] || (named && !named.includes(variable))) continue;
      const sandbox = await startSourceSandbox(kind);
      started.push(sandbox);
      settings[variable] = sandbox.url;
      log.warn({ sandbox: kind, url: sandbox.url }, `${variable} is not set: the ${kind} source is a local sandbox at ${sandbox.url} (GET ${sandbox.url}/_sandbox)`);
    }
  }
  if (started.length === 0) return { settings };
  return { settings, close: async () => void (await Promise.all(started.map((s) => s.close()))) };
}
