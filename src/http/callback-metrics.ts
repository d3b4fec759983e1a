import type { CallbackOutcome, Metrics } from '../infra/metrics.js';
import type { TurnResult } from '../session/handle-turn.js';

/**
 * Records one answered callback. About 1 µs on the reply path (`bench/metrics-cost.ts`): a
 * histogram observation, one or two counter increments and the live-sessions bookkeeping.
 * `endpoint` is the codec's name (the route); `gateway` is the gateway key of the session.
 */
export function recordCallback(
  m: Metrics,
  endpoint: string,
  startedMs: number,
  outcome: CallbackOutcome,
  gateway?: string,
  turn?: TurnResult['outcome'],
): void {
  m.callbackSeconds.observe({ gateway: endpoint }, (performance.now() - startedMs) / 1000);
  m.callbacks.inc({ gateway: endpoint, outcome });
  if (!gateway) return;
  if (outcome === 'unavailable') {
    m.sessionsEnded.inc({ gateway, reason: 'unavailable' });
    return;
  }
  if (!turn) return;
  if (turn.started) m.sessionsStarted.inc({ gateway });
  if (turn.ended) m.sessionsEnded.inc({ gateway, reason: turn.ended });
  if (turn.replacedAt !== undefined) m.liveSessions.add(turn.replacedAt, -1);
  if (turn.storedAt !== undefined) m.liveSessions.add(turn.storedAt, 1);
}

/** Which outcome label a successful turn gets. */
export function outcomeOf(result: TurnResult): CallbackOutcome {
  if (result.outcome.replayed) return 'replay';
  return result.reply.end ? 'end' : 'continue';
}
