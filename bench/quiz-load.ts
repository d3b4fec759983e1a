/**
 * What one web replica serves: the service as its own process (ROLE=web, its own redis-server on
 * a free port), autocannon playing the Eneza quiz over Africa's Talking on many connections, each
 * connection dialling again with a new session id after every END. Reports throughput, latency,
 * wrong answers, and the server process's CPU time per callback (from /proc), which says how many
 * callbacks one core serves whatever else the machine is doing.
 * Run: npx tsx bench/quiz-load.ts [connections=50] [seconds=10]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { startLocalRedis } from '../src/infra/local-redis';

const [connections = 50, seconds = 10] = process.argv.slice(2).map(Number);
const CHAINS = ['', '1', '1*1', '1*1*2', '1*1*2*1', '1*1*2*1*3'];
const EXPECT = ['CON Welcome', 'CON Select subject', 'CON Q1', 'CON Q2', 'CON Q3', 'END You scored 3/3'];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
/** utime + stime of a process, in ms (Linux clock ticks are 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

async function main(): Promise<void> {
  const redisPort = await freePort();
  const redis = await startLocalRedis(redisPort);
  const service = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ROLE: 'web', LOG_LEVEL: 'info', REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      service.once('exit', (code) => reject(new Error(`the service exited with code ${code}`)));
      createInterface({ input: service.stdout! }).on('line', (l) => {
        const m = /"port":(\d+)/.exec(l);
        if (m) resolve(Number(m[1]));
      });
    });
    const wrong = { count: 0, example: '' };
    const requests = CHAINS.map((chain, i) => ({
      method: 'POST' as const,
      path: '/ussd/africastalking',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (req: autocannon.Request, context: object) => {
        const ctx = context as { sid?: string };
        if (i === 0) ctx.sid = `ATUid_${randomBytes(16).toString('hex')}`;
        const form = new URLSearchParams({ sessionId: ctx.sid ?? '', serviceCode: '*384#', phoneNumber: '+254711000111', networkCode: '63902', text: chain });
        return { ...req, body: form.toString() };
      },
      onResponse: (status: number, body: string) => {
        if (status !== 200 || !body.startsWith(EXPECT[i] ?? '')) {
          wrong.count++;
          wrong.example ||= `${status} ${body}`;
        }
      },
    }));
    const url = `http://127.0.0.1:${port}`;
    await autocannon({ url, connections, duration: 2, requests }); // warm-up
    wrong.count = 0;
    const cpuBefore = cpuMs(service.pid ?? 0);
    const result = await autocannon({ url, connections, duration: seconds, requests });
    const cpu = cpuMs(service.pid ?? 0) - cpuBefore;
    const n = result.requests.total;
    console.log(`${connections} connections, ${seconds} s, the quiz over Africa's Talking (6 callbacks per session):`);
    console.log(`  ${n} callbacks, ${(n / seconds).toFixed(0)}/s (${(n / 6 / seconds).toFixed(0)} sessions/s); wrong answers ${wrong.count}${wrong.example ? ` (${wrong.example})` : ''}; errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`);
    console.log(`  latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(`  server CPU ${cpu} ms = ${((cpu * 1000) / n).toFixed(0)} µs per callback -> ${Math.round(n / (cpu / 1000))} callbacks per CPU-second`);
  } finally {
    service.kill('SIGTERM');
    redis.kill();
  }
}

void main();
