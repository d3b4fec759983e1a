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
