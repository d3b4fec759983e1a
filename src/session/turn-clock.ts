/**
 * Seconds since the epoch to a tenth: fine enough to tell a gateway's duplicate from a person.
 * Cut down, never rounded up: a stamp must not lie in this process's future (the live-sessions
 * gauge counts records by the second they were stamped in). `now` lets tests move time.
 */
export function turnClock(deps: { now?: () => number }): number {
  return deps.now?.() ?? Math.floor(Date.now() / 100) / 10;
}

/** The deadline guard's budget: RESPONSE_DEADLINE_MS less a little room for the reply to travel. */
export function answerBudgetMs(deadlineMs: number): number {
  return Math.max(10, deadlineMs - Math.min(100, deadlineMs / 10));
}

/**
 * When a turn starting now is answered busy if it has no answer by then (milliseconds since the
 * epoch, this process's clock; Infinity with no guard). Taken before the guard's timer starts, so
 * never later than it: a write that runs after this is refused (`HopDeadline`).
 */
export function answerByOf(deps: { deadlineMs?: number }): number {
  return deps.deadlineMs === undefined ? Infinity : Date.now() + answerBudgetMs(deps.deadlineMs);
}
