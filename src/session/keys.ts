/**
 * Redis keys, all under the deployment's `KEY_PREFIX` (`ussd`), so two deployments sharing a Redis
 * never read, sweep or expire each other's sessions. Everything about one session shares the hash
 * tag `{<gateway>:<session id>}` so a Redis Cluster keeps it on one shard and one Lua script can
 * touch it all.
 */
export const DEFAULT_KEY_PREFIX = 'ussd';

export function sessionKey(gateway: string, sessionId: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:s:{${gateway}:${sessionId}}`;
}

/** A caller's profile for one menu: kept across sessions. */
export function profileKey(menuId: string, msisdn: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:p:{${menuId}:${msisdn}}`;
}

/**
 * Where a caller's dropped session can be found when they dial the same menu again. Shares the
 * hash tag of the caller's profile, so the dial reads both from one shard.
 */
export function resumeKey(menuId: string, msisdn: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:r:{${menuId}:${msisdn}}`;
}

/** Set while end-of-session reports from `gateway` reach this deployment (see `DropReports`). */
export function dropReportsKey(gateway: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:ends:{${gateway}}`;
}

const SESSION_MARK = ':s:{';
const OUTBOX_MARK = ':o:{';
const DIAL_MARK = ':d:{';

/**
 * The second of a session's dial that made the first POST of its key, for a short while: a copy
 * of the dial in flight at once takes that second for its own `Idempotency-Key` (SessionStore.dialSecond).
 */
export function dialKeyOf(sessionKeyValue: string): string {
  return sessionKeyValue.replace(SESSION_MARK, DIAL_MARK);
}

/** Every outbox key of one deployment (for SCAN); the prefix holds no glob characters (config.ts). */
export function outboxKeyPattern(prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}${OUTBOX_MARK}*`;
}

/**
 * A session's outbox: effects decided by its hops and not yet handed to the queues. Same prefix
 * and hash tag as the session key, so the compare-and-set script writes both in one slot, atomically.
 */
export function outboxKeyOf(sessionKeyValue: string): string {
  return sessionKeyValue.replace(SESSION_MARK, OUTBOX_MARK);
}

export function sessionKeyOfOutbox(outboxKey: string): string {
  return outboxKey.replace(OUTBOX_MARK, SESSION_MARK);
}

/**
 * A shadow run's own state (docs/adr/shadow-state-keys.md): never the session key, which holds the
 * forwarded session's marker, and never read by a hop served here. Same hash tag as the session.
 */
export function shadowKey(gateway: string, sessionId: string, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}:sh:{${gateway}:${sessionId}}`;
}
