/**
 * What the metrics add to one callback on the reply path: `recordCallback` (a histogram
 * observation, two or three counter increments with the funnel's), the live-sessions bookkeeping
 * of the metering session store, plus the two clock reads. Run: npx tsx bench/metrics-cost.ts
 */
import { recordCallback } from '../src/http/callback-telemetry';
import { Metrics } from '../src/infra/metrics';
import type { TurnResult } from '../src/session/handle-turn';

const metrics = new Metrics({ sessionTtlSeconds: 20, defaultMetrics: false });
const now = Math.floor(Date.now() / 1000);
// The quiz's mix: a start, four continues, an end; the occasional replay.
const screen = (id: string) => ({ menu: 'eneza', id, arrived: true as const });
const turns: TurnResult['outcome'][] = [
  { started: true, screen: screen('main') },
  { screen: screen('subject') },
  { screen: screen('math-1') },
  { screen: screen('math-2') },
  { screen: screen('math-3') },
  { ended: 'end', screen: screen('score') },
  { replayed: true },
];
// The live-sessions bookkeeping each stored hop does in the metering store: +1, and -1 for the record it replaced.
const live = [[1], [-1, 1], [-1, 1], [-1, 1], [-1, 1], [-1], []] as const;
const outcomes = ['continue', 'continue', 'continue', 'continue', 'continue', 'end', 'replay'] as const;

function run(n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const k = i % turns.length;
    recordCallback(metrics, 'africastalking', performance.now(), outcomes[k] ?? 'continue', 'at', turns[k]);
    for (const delta of live[k] ?? []) metrics.liveSessions.add(now, delta);
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

run(200_000); // warm up
const rounds = Array.from({ length: 5 }, () => run(1_000_000)).sort((a, b) => a - b);
console.log(`recordCallback: median ${rounds[2]?.toFixed(0)} ns per callback (rounds: ${rounds.map((r) => r.toFixed(0)).join(', ')} ns)`);
void (async () => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) await metrics.registry.metrics();
  console.log(`a scrape of /metrics (ussd_* only): ${(Number(process.hrtime.bigint() - t0) / 100 / 1000).toFixed(0)} µs, off the reply path`);
})();
