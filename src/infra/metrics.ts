import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { LiveSessions } from './live-sessions.js';
import { TalliedCounter } from './tallied-counter.js';

/** Why a callback's answer was what it was: the `outcome` label of `ussd_callbacks_total`. */
export type CallbackOutcome = 'continue' | 'end' | 'replay' | 'forwarded' | 'unavailable' | 'invalid' | 'refused';

/**
 * Every Prometheus metric of one process, on its own registry (nothing global: two apps in one
 * test process do not share counts). Names start with `ussd_`; the default process metrics
 * (`process_*`, `nodejs_*`) come with it.
 *
 * Other modules add their own metrics through `counter`, `gauge` and `histogram`, and only when
 * something feeds them (the effects pipeline's: `src/effects/effect-metrics.ts`).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly callbackSeconds: Histogram<'gateway'>;
  readonly callbacks: TalliedCounter<'gateway' | 'outcome'>;
  readonly sessionsStarted: TalliedCounter<'gateway'>;
  readonly sessionsEnded: TalliedCounter<'gateway' | 'reason'>;
  readonly redisErrors: Counter<'client' | 'kind'>;
  readonly deadlineAnswers: Counter<'gateway'>;
  readonly screenViews: TalliedCounter<'menu' | 'screen'>;
  readonly screenInvalidInputs: TalliedCounter<'menu' | 'screen'>;
  readonly screenEndings: TalliedCounter<'menu' | 'screen' | 'reason'>;
  readonly liveSessions: LiveSessions;

  constructor(opts: { sessionTtlSeconds: number; defaultMetrics?: boolean }) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.callbackSeconds = this.histogram({
      name: 'ussd_callback_duration_seconds',
      help: 'Time from a gateway callback reaching the handler to its reply being ready, by gateway.',
      labelNames: ['gateway'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.callbacks = this.tallied({
      name: 'ussd_callbacks_total',
      help: 'Gateway callbacks by gateway and outcome: continue (CON), end (END), replay (a retried hop answered again), forwarded (relayed from the legacy app), unavailable (END after an internal failure), invalid (400), refused (403: not an allowed caller).',
      labelNames: ['gateway', 'outcome'],
    });
    this.sessionsStarted = this.tallied({ name: 'ussd_sessions_started_total', help: 'Sessions started, by gateway.', labelNames: ['gateway'] });
    this.sessionsEnded = this.tallied({
      name: 'ussd_sessions_ended_total',
      help: 'Sessions ended, by gateway and reason: end (a final screen), user (gateway end signal), timeout (gateway timeout signal), too-many (invalid attempts), expired (a hop after the TTL), unknown-code, rate-limited, unavailable (internal failure).',
      labelNames: ['gateway', 'reason'],
    });
    this.redisErrors = this.counter({
      name: 'ussd_redis_errors_total',
      help: 'Redis errors by client and kind: connection (the client lost or could not reach a server), command (a reply-path command failed or timed out).',
      labelNames: ['client', 'kind'],
    });
    this.deadlineAnswers = this.counter({
      name: 'ussd_deadline_answers_total',
      help: "Callbacks the deadline guard answered (the turn was not done within RESPONSE_DEADLINE_MS): the caller got the menu's unavailable END. Also counted in ussd_callbacks_total{outcome=\"unavailable\"}.",
      labelNames: ['gateway'],
    });
    // The funnel (`npm run menus:funnel`): labels are menu ids and screen ids of loaded versions, so bounded by the menus.
    this.screenViews = this.tallied({
      name: 'ussd_screen_views_total',
      help: 'Callers arriving at a screen (not page turns, re-shows after an invalid input or replays), by menu and screen.',
      labelNames: ['menu', 'screen'],
    });
    this.screenInvalidInputs = this.tallied({ name: 'ussd_screen_invalid_inputs_total', help: 'Inputs a screen refused, by menu and screen.', labelNames: ['menu', 'screen'] });
    this.screenEndings = this.tallied({
      name: 'ussd_screen_endings_total',
      help: 'Sessions that ended on a screen, by menu, screen and reason: end (a final screen), too-many (invalid attempts), timeout (gateway timeout signal), dropped (gateway end signal before a final screen).',
      labelNames: ['menu', 'screen', 'reason'],
    });
    const live = (this.liveSessions = new LiveSessions(opts.sessionTtlSeconds));
    this.gauge({
      name: 'ussd_sessions_live',
      help: "This replica's share of the live sessions (latest hop younger than the TTL). sum() over replicas is the count; one replica's value can be negative.",
      collect() {
        this.set(live.count(Math.floor(Date.now() / 1000)));
      },
    });
  }

  /** A counter the reply path increments (see TalliedCounter). */
  private tallied<L extends string>(config: { name: string; help: string; labelNames: readonly L[] }): TalliedCounter<L> {
    return new TalliedCounter(config, this.registry);
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }
}
