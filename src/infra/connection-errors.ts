import type { Logger } from './logger.js';
import type { RedisClient } from './redis.js';

/** What an error event hands over, whoever emits it (ioredis, BullMQ). */
type ErrorListener = (err: Error) => void;
interface ErrorSource {
  on(event: 'error', listener: ErrorListener): unknown;
}

/** Errors that say the connection is down, not that a command or a job went wrong. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|max retries|MaxRetriesPerRequest|Redis not ready/i;

export function isConnectionError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.test(err.message);
}

/**
 * The one path a Redis client's connection errors take: pino, once per outage. The first error
 * after the client was ready logs `redis connection lost`; the reconnection attempts that fail
 * after it are counted, not logged; `ready` logs `redis connection back` with that count.
 * Why: ioredis reports every failed attempt (several a second), which drowned the logs.
 */
export function logConnectionErrors(log: Logger, client: string, redis: RedisClient): void {
  let failed = 0;
  const lost = (err: Error) => {
    if (failed++ === 0) log.warn({ client, err: err.message }, 'redis connection lost');
  };
  redis.on('error', lost);
  // A Cluster reports its nodes' errors apart from its own.
  redis.on('node error', lost);
  redis.on('ready', () => {
    if (failed > 0) log.info({ client, failedAttempts: failed }, 'redis connection back');
    failed = 0;
  });
}

/**
 * A BullMQ queue or worker relays its connection's errors: those are logged once per outage where
 * the connection is (`logConnectionErrors`), so here only the others, each one. Without a listener
 * BullMQ would print every relayed error to stderr as a raw stack.
 */
export function logQueueErrors(log: Logger, name: string, source: ErrorSource): void {
  source.on('error', (err) => {
    if (!isConnectionError(err)) log.warn({ queue: name, err: err.message }, 'queue error');
  });
}
