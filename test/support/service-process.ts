import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testRedisUrl } from './redis';
import { waitFor } from './wait';

export interface ServiceProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const ROOT = path.resolve(__dirname, '../..');

/** `src/main.ts` as `npm start` runs it (through tsx), on the test Redis, listening on a free port. */
export async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, REDIS_URL: testRedisUrl(), PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));
  const port = await waitFor(
    'the service to listen',
    () => {
      if (gone) throw new Error(`the service exited before listening:\n${out}`);
      return /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    },
    20_000,
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/** Kills the process if it is still running (test clean-up). */
export async function killService(p: ServiceProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

/** One Africa's Talking hop over real HTTP. */
export async function atHop(url: string, sessionId: string, phoneNumber: string, text: string): Promise<string> {
  const body = new URLSearchParams({ sessionId, serviceCode: '*384#', phoneNumber, networkCode: '63902', text });
  const res = await fetch(`${url}/ussd/africastalking`, { method: 'POST', body });
  return res.text();
}
