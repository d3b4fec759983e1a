/**
 * Reply latency of the quiz's paid path while the billing provider fails every request, and the
 * ledger after it heals. Run: `npx tsx bench/effects-under-failure.ts` (Redis at REDIS_URL or
 * 127.0.0.1:6379). Knobs: SESSIONS (per phase, default 400), CONCURRENCY (default 20).
 *
 * 1. Starts both sandbox providers here and the service as `npm start` runs it, pointed at them.
 * 2. Healthy phase: plays SESSIONS Math quizzes (6 hops each, the last one bills) as a baseline.
 * 3. Failing phase: billing answers 503 to everything; plays SESSIONS more quizzes.
 * 4. Heals billing and waits until every charge has landed; prints the ledger against what was expected.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startProviderSandbox } from '../src/sandbox/provider-sandbox';

const SESSIONS = Number(process.env.SESSIONS ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUIZ = ['', '1', '1*1', '1*1*2', '1*1*2*1', '1*1*2*1*3'];
const END = 'END You scored 3/3 in Math. Dial *384# to try again.';
const run = randomUUID().slice(0, 8);

interface Phase {
  paid: number[];
  other: number[];
  wrong: number;
  /** What each session's charge id starts with (the id ends with the second its hop was stored). */
  chargePrefixes: string[];
}

async function main(): Promise<void> {
  const billing = await startProviderSandbox('billing');
  const sms = await startProviderSandbox('sms');
  const prefix = `{bench-${run}}`;
  const service = await startService({ BILLING_URL: billing.url, SMS_URL: sms.url, QUEUE_PREFIX: prefix, REDIS_URL, LOG_LEVEL: 'info' });
  try {
    await playPhase(service.url, 'warm', 50); // JIT and connections warm; not reported
    const healthy = await playPhase(service.url, 'ok', SESSIONS);
    await waitUntil(() => billing.ledger.applied().length >= 50 + SESSIONS, 60_000);

    billing.setKnobs({ failureRate: 1 });
    const downAt = performance.now();
    const failing = await playPhase(service.url, 'down', SESSIONS);
    const phaseMs = performance.now() - downAt;
    const openedAfter = service.openedAt() === undefined ? undefined : (service.openedAt() as number) - downAt;
    const requestsWhileDown = billing.ledger.summary().requests - (50 + SESSIONS);

    billing.setKnobs({ failureRate: 0 });
    const healedAt = performance.now();
    const expected = [...healthy.chargePrefixes, ...failing.chargePrefixes];
    const prefixOf = (key: string) => key.slice(0, key.lastIndexOf('.') + 1);
    const byPrefix = (s: typeof billing) => {
      const applied = new Map<string, number>();
      for (const e of s.ledger.applied()) applied.set(prefixOf(e.key), (applied.get(prefixOf(e.key)) ?? 0) + 1);
      return applied;
    };
    const landed = await waitUntil(() => {
      const applied = byPrefix(billing);
      return failing.chargePrefixes.every((p) => applied.has(p));
    }, 180_000);
    const recoveryMs = performance.now() - healedAt;
    const applied = byPrefix(billing);
    const sent = byPrefix(sms);
    const expectedSet = new Set(expected);
    const mine = billing.ledger.applied().filter((e) => expectedSet.has(prefixOf(e.key)));
    const chargeIds = new Set(mine.map((e) => String(e.answer?.body.id)));
    const charged = expected.map((p) => applied.get(p) ?? 0);

    const rows = [
      ['phase', 'sessions', 'paid hop p50', 'paid hop p99', 'paid hop max', 'other hops p50', 'other hops p99', 'wrong replies'],
      row('billing healthy', healthy),
      row('billing failing 100%', failing),
    ];
    const report = [
      `effects under failure: ${SESSIONS} sessions per phase, ${CONCURRENCY} concurrent callers, ${new Date().toISOString()}`,
      table(rows),
      `failing phase lasted ${(phaseMs / 1000).toFixed(1)} s; billing breaker opened ` +
        (openedAfter === undefined ? 'NOT AT ALL' : `${(openedAfter / 1000).toFixed(1)} s into the outage`) +
        `; billing requests during the outage: ${requestsWhileDown} (for ${SESSIONS} charges)`,
      `after healing: ${landed ? 'every charge landed' : 'NOT every charge landed'} in ${(recoveryMs / 1000).toFixed(1)} s`,
      `ledger: expected charges ${expected.length}, charged ${charged.reduce((a, b) => a + b, 0)} (sessions charged once ${charged.filter((n) => n === 1).length}, ` +
        `twice or more ${charged.filter((n) => n > 1).length}, never ${charged.filter((n) => n === 0).length}), distinct charge ids ${chargeIds.size}, ` +
        `KES charged ${mine.reduce((n, e) => n + Number(e.answer?.body.amount ?? 0), 0)} (expected ${expected.length * 5})`,
      `sms: expected ${expected.length}, sent ${expected.filter((p) => sent.has(p.replace(/\.0\.$/, '.1.'))).length}`,
    ].join('\n');
    console.log(report);
  } finally {
    await service.stop();
    await Promise.all([billing.close(), sms.close()]);
    await dropQueues(prefix);
    agent.destroy();
  }
}

async function playPhase(url: string, tag: string, sessions: number): Promise<Phase> {
  const phase: Phase = { paid: [], other: [], wrong: 0, chargePrefixes: [] };
  let next = 0;
  const caller = async () => {
    while (next < sessions) {
      const i = next++;
      const sessionId = `bench-${run}-${tag}-${i}`;
      const phone = `+2547${String(10_000_000 + i).padStart(8, '0')}`;
      for (const [hop, text] of QUIZ.entries()) {
        const started = performance.now();
        const reply = await post(url, sessionId, phone, text);
        const ms = performance.now() - started;
        if (hop === QUIZ.length - 1) {
          phase.paid.push(ms);
          if (reply !== END) phase.wrong++;
        } else phase.other.push(ms);
      }
      phase.chargePrefixes.push(`at.${sessionId}.result.6.0.`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  return phase;
}

/** node:http with keep-alive: far lighter than fetch, so the client steals less CPU from the service on a small machine. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, sessionId: string, phoneNumber: string, text: string): Promise<string> {
  const body = new URLSearchParams({ sessionId, serviceCode: '*384#', phoneNumber, networkCode: '63902', text }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/ussd/africastalking`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Service {
  url: string;
  /** When the service logged that the billing breaker opened (performance.now()). */
  openedAt: () => number | undefined;
  stop: () => Promise<void>;
}

function startService(env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let openedAt: number | undefined;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (openedAt === undefined && d.toString().includes('billing breaker open')) openedAt = performance.now();
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const port = /"msg":"listening on [^"]*","port":(\d+)|"port":(\d+)[^\n]*"msg":"listening on/.exec(out)?.slice(1).find(Boolean);
      if (port) {
        clearInterval(timer);
        resolve({ url: `http://127.0.0.1:${port}`, openedAt: () => openedAt, stop });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the service exited:\n${out}`));
      }
    }, 50);
  });
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function dropQueues(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const v = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return `${v.toFixed(1)} ms`;
}

function row(name: string, p: Phase): string[] {
  return [name, String(p.paid.length), pct(p.paid, 50), pct(p.paid, 99), pct(p.paid, 100), pct(p.other, 50), pct(p.other, 99), String(p.wrong)];
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')).join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
