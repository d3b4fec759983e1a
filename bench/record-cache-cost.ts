/**
 * What a write to the replica's record cache (`RecentRecords`, SESSION_CACHE_SIZE) costs, in the
 * two regimes a busy replica is in: full (more sessions live in the idle TTL than it holds, so
 * every write evicts), and bound by age (sessions that never END linger until the TTL). Sessions
 * of two hops, 16 at a time, on a simulated clock. Run: npx tsx bench/record-cache-cost.ts
 */
import { RecentRecords } from '../src/infra/recent-records';

const TTL_MS = 20_000;

function writeCost(maxEntries: number, live: number, sessions: number): string {
  let now = 0;
  const msPerWrite = TTL_MS / (2 * live);
  const cache = new RecentRecords<number>(maxEntries, TTL_MS, () => now);
  const keys = Array.from({ length: sessions }, (_, i) => `ussd:s:{at:bench-${i}}`);
  const t0 = process.hrtime.bigint();
  for (let s = 0; s < sessions; s += 16) {
    for (let hop = 1; hop <= 2; hop++) {
      for (let u = s; u < s + 16 && u < sessions; u++) {
        cache.set(keys[u] as string, hop);
        now += msPerWrite;
      }
    }
  }
  const ns = Number(process.hrtime.bigint() - t0) / (2 * sessions);
  return `${ns.toFixed(0)} ns per write (${cache.size} entries at the end)`;
}

for (let run = 1; run <= 2; run++) {
  console.log(`run ${run}: full (50,000 held, 100,000 sessions live in the TTL): ${writeCost(50_000, 100_000, 400_000)}`);
  console.log(`run ${run}: by age (30,000 live): ${writeCost(50_000, 30_000, 400_000)}`);
  console.log(`run ${run}: by age (5,000 live): ${writeCost(50_000, 5_000, 200_000)}`);
}
