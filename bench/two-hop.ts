import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { cpuMicros } from './proc-cpu';
import { Recorder } from './stats';

/*
 * Sessions of two hops (a dial, then one input) against a peer stub, for the scenarios that cost a
 * call to another service: `--fetch 1` (a fetch screen against a source, compared with the same
 * screen filled from the file) and `--forward 1` (a session forwarded to a legacy app, compared
 * with the same static session served here). The call itself (the same undici request to the
 * stub) is measured alone in this process and reported beside it.
 */

/** Where a two-hop session dials, what it types, and how its second reply starts. */
export interface TwoHop {
  name: string;
  code: string;
  input: string;
  want: string;
  /** Hops of the session that call the stub: the fetch's one, or both forwarded hops. */
  calls: 0 | 1 | 2;
}

export interface TwoHopScenario {
  name: string;
  rps: number;
  p99: number;
  /** Service CPU per session (dial + the input's hop), µs. */
  cpuPerSession: number;
  errors: Record<string, number>;
}

/** The fetch scenario's two sessions (bench/menus/bench-fetch.menu.yaml) and the forwarded one (a code no menu claims). */
export const STATIC: TwoHop = { name: 'static', code: '*385#', input: '2', want: 'CON Amina: KES 1500', calls: 0 };
export const FETCH: TwoHop = { name: 'fetch', code: '*385#', input: '1', want: 'CON Amina: KES 1500', calls: 1 };
export const FORWARD: TwoHop = { name: 'forward', code: '*999#', input: '1', want: 'CON Legacy app:', calls: 2 };

/** bench/source-stub-server.ts in its own process: a source and a legacy app at once. */
export async function startPeerStub(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--no-allocation-site-pretenuring', '--import', 'tsx', 'bench/source-stub-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve));
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

const atHop = (id: string, phone: string, code: string, text: string) => ({
  path: '/ussd/africastalking',
  method: 'POST' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `sessionId=${id}&serviceCode=${encodeURIComponent(code)}&phoneNumber=%2B${phone}&networkCode=63902&text=${text}`,
});

let sessions = 0;
const newSession = (name: string) => {
  const n = sessions++;
  return { id: `${name}-${n}-${Math.random().toString(36).slice(2, 6)}`, phone: `2547${String(n % 1e8).padStart(8, '0')}` };
};

/** The error in hop `i`'s reply, if any: the dial answers CON, the input's hop `want`. */
function check(hop: TwoHop, i: number, status: number, body: string): string | undefined {
  if (status !== 200) return `${hop.name}: http ${status}`;
  const ok = i === 0 ? body.startsWith('CON ') : body.startsWith(hop.want);
  return ok ? undefined : `${hop.name}: ${body.slice(0, 30)}`;
}

/** Sessions of `hop` back to back from `users` connections for `seconds`, after `warmup`. */
export async function twoHopScenario(url: string, pid: number, hop: TwoHop, users: number, seconds: number, warmup: number): Promise<TwoHopScenario> {
  const pool = new Pool(url, { connections: users, keepAliveTimeout: 60_000 });
  const run = async (secs: number, rec: Recorder) => {
    const until = performance.now() + secs * 1000;
    const user = async () => {
      while (performance.now() < until) {
        const s = newSession(hop.name);
        for (const [i, text] of ['', hop.input].entries()) {
          const t0 = performance.now();
          const res = await pool.request(atHop(s.id, s.phone, hop.code, text));
          const err = check(hop, i, res.statusCode, await res.body.text());
          rec.add((performance.now() - t0) * 1000);
          if (err) rec.error(err);
        }
      }
    };
    await Promise.all(Array.from({ length: users }, user));
  };
  await run(warmup, new Recorder());
  const rec = new Recorder();
  const cpu0 = cpuMicros(pid);
  await run(seconds, rec);
  const cpu1 = cpuMicros(pid);
  await pool.close();
  const s = rec.summary(seconds);
  return { name: hop.name, rps: s.rps, p99: s.p99, cpuPerSession: (cpu1 - cpu0) / (s.requests / 2), errors: Object.fromEntries(rec.errors) };
}

/**
 * Open loop: hops leave at `rate` per second whatever the server does, each session's second hop
 * once its dial is answered; latency counts from when each hop was due (no coordinated omission).
 */
export async function twoHopOpenLoop(url: string, hop: TwoHop, rate: number, seconds: number, bySecond?: Recorder[]): Promise<Recorder> {
  const pool = new Pool(url, { connections: 64, keepAliveTimeout: 60_000 });
  const rec = new Recorder();
  const waiting: { id: string; phone: string }[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  const total = Math.floor(rate * seconds);
  for (let sent = 0; sent < total; ) {
    const due = start + (sent * 1000) / rate;
    const now = performance.now();
    if (due > now) {
      await new Promise((r) => setTimeout(r, Math.max(0, due - now - 0.5)));
      continue;
    }
    const second = waiting.shift();
    const s = second ?? newSession(hop.name);
    const i = second ? 1 : 0;
    inFlight.push(
      pool.request(atHop(s.id, s.phone, hop.code, i === 0 ? '' : hop.input)).then(
        async (res) => {
          const err = check(hop, i, res.statusCode, await res.body.text());
          const micros = (performance.now() - due) * 1000;
          rec.add(micros);
          bySecond?.[Math.floor((due - start) / 1000)]?.add(micros);
          if (err) rec.error(err);
          else if (i === 0) waiting.push(s);
        },
        (err: Error) => rec.error(`network ${err.message}`),
      ),
    );
    sent++;
    if (inFlight.length > 10_000) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  await pool.close();
  return rec;
}

/** CPU of the call alone: the same undici request the service makes of the stub (`forward`: an Africa's Talking hop; else a GET), from `users` callers. */
export async function bareCallCpu(stubUrl: string, hop: TwoHop, users: number, calls: number): Promise<number> {
  const pool = new Pool(stubUrl, { connections: users, keepAliveTimeout: 60_000 });
  const request = hop === FORWARD ? atHop('bare', '254700000001', hop.code, '1') : { path: '/accounts/254700000001', method: 'GET' as const };
  const read = hop === FORWARD ? (text: string) => text : (text: string) => JSON.parse(text) as unknown;
  const one = async () => read(await (await pool.request(request)).body.text());
  for (let i = 0; i < 2000; i++) await one();
  const cpu0 = process.cpuUsage();
  let left = calls;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (left-- > 0) await one();
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  await pool.close();
  return (cpu.user + cpu.system) / calls;
}
