import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout. Callers pass `sessionId` on every line about a session, and masked numbers only. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { pid: process.pid, service: 'ussd-engine', ...base }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/** `254711000111` → `2547****0111`: enough to tell callers apart in a log, not enough to call them. */
export function maskMsisdn(msisdn: string): string {
  const digits = msisdn.replace(/\D/g, '');
  if (digits.length <= 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)}****${digits.slice(-4)}`;
}
