import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { FIXTURE_MENUS_DIR } from './fixture-menus';

export interface LogLine {
  msg: string;
  ms?: number;
  step?: string;
  [k: string]: unknown;
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  logs: LogLine[];
  /** Resolves with the first log line (already seen or still to come) whose `msg` contains `text`. */
  waitForLog(text: string): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/**
 * Starts the service as its own process, the way `npm start` does (tsx running src/main.ts), but
 * with node itself as the process so that signals reach main.ts directly, as in the image
 * (`CMD ["node", "dist/src/main.js"]`).
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', MENUS_DIR: FIXTURE_MENUS_DIR, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { text: string; resolve: (l: LogLine) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (raw) => {
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      return;
    }
    logs.push(line);
    for (const w of waiters.filter((w) => line.msg.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForLog = (text: string) =>
    new Promise<LogLine>((resolve, reject) => {
      const seen = logs.find((l) => l.msg.includes(text));
      if (seen) return resolve(seen);
      waiters.push({ text, resolve });
      void exited.then(() => reject(new Error(`exited before logging "${text}"; stderr: ${stderr}`)));
    });
  const listening = await waitForLog('listening on');
  return { child, port: Number(listening.port), logs, waitForLog, exited, kill: () => child.exitCode === null && child.kill('SIGKILL') };
}
