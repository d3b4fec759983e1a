/**
 * Redis keys. Everything about one session shares the hash tag `{<gateway>:<session id>}` so a
 * Redis Cluster keeps it on one shard and one Lua script can touch it all.
 */
export function sessionKey(gateway: string, sessionId: string): string {
  return `ussd:s:{${gateway}:${sessionId}}`;
}

/** A caller's profile for one menu: kept across sessions. */
export function profileKey(menuId: string, msisdn: string): string {
  return `ussd:p:{${menuId}:${msisdn}}`;
}

/**
 * Where a caller's dropped session can be found when they dial the same menu again. Shares the
 * hash tag of the caller's profile, so the dial reads both from one shard.
 */
export function resumeKey(menuId: string, msisdn: string): string {
  return `ussd:r:{${menuId}:${msisdn}}`;
}

const SESSION_PREFIX = 'ussd:s:';
const OUTBOX_PREFIX = 'ussd:o:';

/** Every outbox key (for SCAN). */
export const OUTBOX_KEY_PATTERN = `${OUTBOX_PREFIX}*`;

/**
 * A session's outbox: effects decided by its hops and not yet handed to the queues. Same hash tag
 * as the session key, so the compare-and-set script writes both in one slot, atomically.
 */
export function outboxKeyOf(sessionKeyValue: string): string {
  return OUTBOX_PREFIX + sessionKeyValue.slice(SESSION_PREFIX.length);
}

export function sessionKeyOfOutbox(outboxKey: string): string {
  return SESSION_PREFIX + outboxKey.slice(OUTBOX_PREFIX.length);
}
