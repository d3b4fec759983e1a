import type { UssdTurn } from '../gateways/turn.js';
import type { ShadowResults } from './shadow-port.js';
import { runShadow, type ShadowDeps, type ShadowedHop } from './shadow-run.js';

/** Most shadow runs in flight in one process; beyond it a run is dropped (and counted), never queued. */
export const SHADOW_MAX_IN_FLIGHT = 64;

/**
 * Runs shadow comparisons after the legacy reply is on its way: `offer` returns at once and the
 * run starts on the next turn of the event loop, so it never delays the relayed reply. Runs of one
 * session go one after another (each steps from the state the one before saved); at most
 * `maxInFlight` run at once, so a traffic spike costs shadow coverage, not the callers' latency.
 */
export class ShadowRunner {
  private inFlight = 0;
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: ShadowDeps,
    private readonly results: ShadowResults,
    private readonly maxInFlight = SHADOW_MAX_IN_FLIGHT,
  ) {}

  offer(turn: UssdTurn, relayed: ShadowedHop): void {
    const menu = relayed.forwarding.menu;
    if (!relayed.forwarding.shadow || menu === undefined) return;
    if (this.inFlight >= this.maxInFlight) {
      this.results.dropped(menu);
      return;
    }
    this.inFlight++;
    const session = `${turn.gateway}:${turn.sessionId}`;
    const before = this.chains.get(session) ?? Promise.resolve();
    const run = before
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => runShadow(turn, relayed, this.deps))
      .then(
        (result) => result && this.results.compared(menu, result),
        (err: unknown) => {
          this.results.compared(menu, 'error');
          this.deps.log.warn({ sessionId: turn.sessionId, gateway: turn.gateway, menu, err: (err as Error).message }, 'shadow run failed');
        },
      )
      .finally(() => {
        this.inFlight--;
        if (this.chains.get(session) === run) this.chains.delete(session);
      });
    this.chains.set(session, run);
  }

  /** Resolves once every run offered so far is done (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }
}
