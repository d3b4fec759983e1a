import type { UssdTurn } from '../gateways/turn.js';
import type { CallbackOutcome, Metrics } from '../infra/metrics.js';
import type { EndReason, ScreenMark, TurnResult } from '../session/handle-turn.js';

/**
 * Records one answered callback: a histogram observation and one or two counter increments, kept
 * cheap because it runs on the reply path (`bench/metrics-cost.ts` measures it). The live-sessions
 * gauge moves in the session store's metering wrapper (`infra/metered-session-store.ts`).
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
  durationOf(m, endpoint).observe((performance.now() - startedMs) / 1000);
  m.callbacks.inc({ gateway: endpoint, outcome });
  if (!gateway) return;
  if (outcome === 'unavailable') {
    m.sessionsEnded.inc({ gateway, reason: 'unavailable' });
    return;
  }
  if (!turn) return;
  if (turn.started) m.sessionsStarted.inc({ gateway });
  if (turn.ended) m.sessionsEnded.inc({ gateway, reason: turn.ended });
  if (turn.screen && !turn.replayed) recordScreen(m, turn.screen, turn.ended);
}

const FUNNEL_ENDINGS: Partial<Record<EndReason, string>> = { end: 'end', 'too-many': 'too-many', timeout: 'timeout', user: 'dropped' };

/** The funnel counters for the screen a callback was about. */
function recordScreen(m: Metrics, { menu, id: screen, arrived, invalid }: ScreenMark, ended: EndReason | undefined): void {
  if (arrived) m.screenViews.inc({ menu, screen });
  if (invalid) m.screenInvalidInputs.inc({ menu, screen });
  const reason = ended && FUNNEL_ENDINGS[ended];
  if (reason) m.screenEndings.inc({ menu, screen, reason });
}

const durations = new WeakMap<Metrics, Map<string, { observe(seconds: number): void }>>();

/** The duration series of one endpoint, looked up once. */
function durationOf(m: Metrics, endpoint: string): { observe(seconds: number): void } {
  let byEndpoint = durations.get(m);
  if (!byEndpoint) durations.set(m, (byEndpoint = new Map<string, { observe(seconds: number): void }>()));
  let series = byEndpoint.get(endpoint);
  if (!series) byEndpoint.set(endpoint, (series = m.callbackSeconds.labels({ gateway: endpoint })));
  return series;
}

/** Which outcome label a turn that ran gets. */
export function outcomeOf(result: TurnResult): CallbackOutcome {
  if (result.outcome.replayed) return 'replay';
  // A legacy app that failed left the caller with the unavailable END, as any failure here does.
  if (result.outcome.forwarded) return result.relayed?.ok === false ? 'unavailable' : 'forwarded';
  return result.reply.end ? 'end' : 'continue';
}

/** What the callback's trace span says about it (never the phone number or the input). */
export function spanAttributes(endpoint: string, outcome: CallbackOutcome, turn?: UssdTurn, result?: TurnResult): Record<string, string | boolean> {
  return {
    'ussd.gateway': endpoint,
    'ussd.outcome': outcome,
    ...(turn ? { 'ussd.session.id': turn.sessionId } : {}),
    ...(result?.outcome.started ? { 'ussd.session.started': true } : {}),
    ...(result?.outcome.ended ? { 'ussd.session.ended': result.outcome.ended } : {}),
  };
}
