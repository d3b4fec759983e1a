/**
 * Seconds since the epoch to a tenth: fine enough to tell a gateway's duplicate from a person.
 * Cut down, never rounded up: a stamp must not lie in this process's future (the live-sessions
 * gauge counts records by the second they were stamped in). `now` lets tests move time.
 */
export function turnClock(deps: { now?: () => number }): number {
  return deps.now?.() ?? Math.floor(Date.now() / 100) / 10;
}
