import { spawn, type ChildProcess } from 'node:child_process';
import { FIXTURE_MENUS_DIR } from './fixture-menus';
import { freePort } from './own-redis';
import { testRedisUrl } from './redis';

export interface RunningService {
  url: string;
  child: ChildProcess;
  /** Every stdout line so far (pino JSON). */
  lines: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Signals the process group and resolves with how the top process exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the service exactly as the README does (`npm start`) and resolves once it listens. */
export async function spawnService(env: Record<string, string> = {}, command: string[] = ['npm', 'start']): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(command[0] as string, command.slice(1), {
    env: { ...process.env, PORT: String(port), REDIS_URL: testRedisUrl(), MENUS_DIR: FIXTURE_MENUS_DIR, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in 30 s:\n${lines.join('\n')}\n${stderr}`)), 30_000);
    const poll = setInterval(() => {
      if (lines.some((l) => l.includes('"listening on'))) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${lines.join('\n')}\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    lines,
    stderr: () => stderr,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      // npm start runs the service as a child of npm: signal the whole process group
      if (child.exitCode === null && child.pid) process.kill(-child.pid, signal);
      return exited;
    },
  };
}
