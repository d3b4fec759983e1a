import { maskMsisdn } from '../infra/logger.js';

/** Numbers of an allow list named in a log line: enough to recognise a change, not to call anyone. */
const SHOWN = 3;

/** An allow list as a log line holds it: counted, its first numbers masked (an operator may send 10,000). */
export interface LoggedAllow {
  count: number;
  first: string[];
}

/**
 * A rollout (a change, or the one in force) as it is logged: the audit line says what changed
 * without writing callers' full numbers into the log, and stays short whatever the list's length.
 */
export function rolloutForLog<T extends { allow?: readonly string[] }>(rollout: T): Omit<T, 'allow'> & { allow?: LoggedAllow } {
  const { allow, ...rest } = rollout;
  return allow === undefined ? rest : { ...rest, allow: { count: allow.length, first: allow.slice(0, SHOWN).map(maskMsisdn) } };
}
