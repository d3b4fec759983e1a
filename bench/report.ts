import type { Summary } from './stats';

export interface Measured extends Summary {
  name: string;
  cpuPerRequest: number;
  /** Share of the machine's CPU time stolen by the hypervisor during the measurement (`/proc/stat`). */
  steal: number;
  errors: Record<string, number>;
}

export interface RoundResult {
  round: number;
  floor: Measured;
  service: Measured;
}

interface Bytes {
  sessions: number;
  keys: number;
  perSession: number;
  errors: Record<string, number>;
}

/** An open loop's latencies, with the steal over it and, per second, that second's p99 (µs) and steal. */
export type OpenLoop = Summary & { steal: number; bySecond: { p99: number; steal: number }[]; errors: Record<string, number> };

export interface BenchResult {
  when: string;
  settings: Record<string, number>;
  rounds: RoundResult[];
  ratios: { rps: number; p99: number };
  open: { service: OpenLoop; floor: OpenLoop };
  runtime: string;
  bytes: Bytes;
  deepBytes: Bytes;
  capacity: { requested: number; live: number; errors: number; errorKinds: Record<string, number>; usedMemoryBytes: number };
}

const ms = (us: number) => (us / 1000).toFixed(2);
const errs = (e: Record<string, number>) => (Object.keys(e).length === 0 ? '0' : Object.entries(e).map(([k, v]) => `${k}: ${v}`).join(', '));

const bySecond = (o: OpenLoop) => o.bySecond.map((x) => `${ms(x.p99)} (${(x.steal * 100).toFixed(0)} %)`).join(', ');

export function toMarkdown(r: BenchResult): string {
  const rows = r.rounds.flatMap((round) =>
    [round.floor, round.service].map(
      (m) => `| ${round.round} | ${m.name} | ${m.rps.toFixed(0)} | ${ms(m.p50)} | ${ms(m.p90)} | ${ms(m.p99)} | ${ms(m.max)} | ${m.cpuPerRequest.toFixed(0)} | ${(m.steal * 100).toFixed(0)} % | ${errs(m.errors)} |`,
    ),
  );
  return [
    `### Benchmark ${r.when}`,
    '',
    `Service run as \`${r.runtime}\`.`,
    '',
    `Closed loop, ${r.settings.connections} connections, ${r.settings.seconds} s per measurement after ${r.settings.warmup} s warm-up (and ${r.settings.initialWarmup} s before the first round), floor and service alternating.`,
    '',
    '| round | target | req/s | p50 ms | p90 ms | p99 ms | max ms | server CPU µs/req | steal | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `**Ratios (median of rounds):** req/s service/floor = **${r.ratios.rps.toFixed(2)}**, p99 service/floor = **${r.ratios.p99.toFixed(2)}**`,
    '',
    `Open loop at ${r.settings.rate} req/s for ${r.settings.openSeconds} s: service p50 ${ms(r.open.service.p50)} ms, p99 **${ms(r.open.service.p99)} ms**, max ${ms(r.open.service.max)} ms, errors ${errs(r.open.service.errors)}, steal ${(r.open.service.steal * 100).toFixed(0)} %; floor p99 ${ms(r.open.floor.p99)} ms (steal ${(r.open.floor.steal * 100).toFixed(0)} %). Steal: the share of the machine's CPU the hypervisor gave to other guests; a virtual CPU taken away stalls every process at once.`,
    '',
    `Service open loop by second (p99 ms, steal): ${bySecond(r.open.service)}; floor: ${bySecond(r.open.floor)}.`,
    '',
    `Redis bytes per live session: **${r.bytes.perSession.toFixed(0)}** (${r.bytes.sessions} sessions on Q1, ${r.bytes.keys} keys, errors ${errs(r.bytes.errors)}); five hops deep (on Q3): **${r.deepBytes.perSession.toFixed(0)}** (errors ${errs(r.deepBytes.errors)}).`,
    '',
    `Capacity: ${r.capacity.live} of ${r.capacity.requested} sessions live at once, errors ${errs(r.capacity.errorKinds)}, Redis used_memory ${(r.capacity.usedMemoryBytes / 1048576).toFixed(1)} MiB.`,
    '',
  ].join('\n');
}
