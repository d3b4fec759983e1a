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
  const series = children(m, endpoint, outcome);
  series.observe((performance.now() - startedMs) / 1000);
  series.inc();
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

type Children = { observe(seconds: number): void; inc(): void };
const cache = new WeakMap<Metrics, Map<string, Children>>();

/** The labelled series of one endpoint and outcome, looked up once (prom-client hashes labels on every call otherwise). */
function children(m: Metrics, endpoint: string, outcome: CallbackOutcome): Children {
  let byKey = cache.get(m);
  if (!byKey) cache.set(m, (byKey = new Map<string, Children>()));
  const key = `${endpoint}\u0000${outcome}`;
  let c = byKey.get(key);
  if (!c) {
    const histogram = m.callbackSeconds.labels({ gateway: endpoint });
    const counter = m.callbacks.labels({ gateway: endpoint, outcome });
    byKey.set(key, (c = { observe: (s) => histogram.observe(s), inc: () => counter.inc() }));
  }
  return c;
}

/** Which outcome label a turn that ran gets. */
export function outcomeOf(result: TurnResult): CallbackOutcome {
  if (result.outcome.replayed) return 'replay';
  if (result.outcome.forwarded) return 'forwarded';
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
