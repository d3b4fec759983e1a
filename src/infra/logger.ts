import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout. Callers pass `sessionId` on every line about a session, and masked numbers only. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { pid: process.pid, service: 'ussd-engine', ...base }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

export { maskMsisdn } from '../gateways/mask-msisdn.js';
