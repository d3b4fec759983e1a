import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { startLocalRedis } from '../../src/infra/local-redis';

/** A redis-server of the test's own, on a free port, that the test may stop, pause or kill. */
export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** `extraArgs`: redis-server options, such as `--enable-debug-command local` for a test that stalls it with DEBUG SLEEP. */
export async function ownRedis(extraArgs: string[] = []): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined = await startLocalRedis(port, extraArgs);
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await startLocalRedis(port, extraArgs);
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}
