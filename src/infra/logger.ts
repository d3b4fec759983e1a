import { format } from 'node:util';
import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout. Callers pass `sessionId` on every line about a session, and masked numbers only. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { pid: process.pid, service: 'ussd-engine', ...base }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What libraries print with `console.warn` / `console.error` (BullMQ's notice about Redis's eviction
 * policy, once per connection) becomes a pino line like every other: nothing raw on stderr.
 */
export function routeConsoleTo(log: Logger): void {
  /* eslint-disable no-console -- replacing console's methods, not printing */
  console.warn = (...args: unknown[]) => log.warn({ from: 'console' }, format(...args));
  console.error = (...args: unknown[]) => log.error({ from: 'console' }, format(...args));
  /* eslint-enable no-console */
}

export { maskMsisdn } from '../gateways/mask-msisdn.js';
