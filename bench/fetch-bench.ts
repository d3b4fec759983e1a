import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { cpuMicros } from './proc-cpu';
import { Recorder } from './stats';

/*
 * `npm run bench -- --fetch 1`: what a fetch hop costs. After a dial, sessions either take "1" (a
 * fetch of an account from a local stub, two fields kept) or "2" (the same two fields set from the
 * menu file); both show the same screen, so the service's CPU per session of each, compared, is
 * what the fetch adds. The call itself
 * (an undici GET of the same answer) is measured alone in this process and reported beside it.
 */

export interface FetchScenario {
  option: '1' | '2';
  rps: number;
  p99: number;
  /** Service CPU per session (dial + the option's hop), µs. */
  cpuPerSession: number;
  errors: Record<string, number>;
}

export interface FetchBenchResult {
  fetch: FetchScenario;
  static: FetchScenario;
  /** CPU a fetch hop adds over the static hop, µs. */
  fetchHopExtra: number;
  /** CPU of the bare HTTP call (undici GET, JSON parse) measured in the bench process, µs. */
  bareCall: number;
  /** Redis bytes per live session on the screen after the fetch (two fields kept). */
  bytesAfterFetch: number;
}

export async function startSourceStub(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/source-stub-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve));
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

/** Sessions of two hops (dial, then `option`) back to back from `users` connections for `seconds`. */
export async function fetchScenario(url: string, pid: number, option: '1' | '2', users: number, seconds: number, warmup: number): Promise<FetchScenario> {
  const pool = new Pool(url, { connections: users, keepAliveTimeout: 60_000 });
  const run = async (secs: number, rec: Recorder) => {
    let n = 0;
    const until = performance.now() + secs * 1000;
    const user = async (u: number) => {
      while (performance.now() < until) {
        const id = `f${option}-${u}-${n++}-${Math.random().toString(36).slice(2, 6)}`;
        const phone = `2547${String(n % 1e8).padStart(8, '0')}`;
        for (const text of ['', option]) {
          const t0 = performance.now();
          const res = await pool.request({
            path: '/ussd/africastalking',
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `sessionId=${id}&serviceCode=%2A385%23&phoneNumber=%2B${phone}&networkCode=63902&text=${text}`,
          });
          const body = await res.body.text();
          rec.add((performance.now() - t0) * 1000);
          const want = text === '' ? 'CON Bench:' : 'CON Amina: KES 1500';
          if (!body.startsWith(want)) rec.error(`${option}: ${body.slice(0, 30)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: users }, (_, u) => user(u)));
  };
  await run(warmup, new Recorder());
  const rec = new Recorder();
  const cpu0 = cpuMicros(pid);
  await run(seconds, rec);
  const cpu1 = cpuMicros(pid);
  await pool.close();
  const s = rec.summary(seconds);
  return { option, rps: s.rps, p99: s.p99, cpuPerSession: (cpu1 - cpu0) / (s.requests / 2), errors: Object.fromEntries(rec.errors) };
}

/** CPU of the call alone: undici GETs of the stub's answer, parsed, from `users` concurrent callers. */
export async function bareCallCpu(stubUrl: string, users: number, calls: number): Promise<number> {
  const pool = new Pool(stubUrl, { connections: users, keepAliveTimeout: 60_000 });
  const one = async () => JSON.parse(await (await pool.request({ path: '/accounts/254700000001', method: 'GET' })).body.text()) as unknown;
  for (let i = 0; i < 2000; i++) await one();
  const cpu0 = process.cpuUsage();
  let left = calls;
  await Promise.all(Array.from({ length: users }, async () => {
    while (left-- > 0) await one();
  }));
  const cpu = process.cpuUsage(cpu0);
  await pool.close();
  return (cpu.user + cpu.system) / calls;
}
