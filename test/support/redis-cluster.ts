import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startLocalRedis } from '../../src/infra/local-redis';
import { freePort } from './own-redis';

const run = promisify(execFile);

export interface LocalCluster {
  /** For REDIS_CLUSTER_NODES: `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`. */
  nodes: string;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster of `masters` redis-server processes on free local ports (data and cluster
 * bus), created with `redis-cli --cluster create`, no replicas, nothing saved. Resolves once every
 * node reports `cluster_state:ok`.
 */
export async function startRedisCluster(masters = 3): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ussd-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : (c.once('exit', resolve), c.kill())))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set<number>();
    const fresh = async () => {
      for (;;) {
        const p = await freePort();
        if (!taken.has(p)) return taken.add(p), p;
      }
    };
    for (let i = 0; i < masters; i++) {
      const [port, bus] = [await fresh(), await fresh()];
      ports.push(port);
      children.push(
        await startLocalRedis(port, ['--cluster-enabled', 'yes', '--cluster-port', String(bus), '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--cluster-node-timeout', '3000']),
      );
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (let attempt = 0; ; attempt++) {
      const states = await Promise.all(ports.map(async (p) => (await run('redis-cli', ['-p', String(p), 'cluster', 'info'])).stdout));
      if (states.every((s) => s.includes('cluster_state:ok'))) break;
      if (attempt > 100) throw new Error(`cluster did not converge: ${states.join(' | ')}`);
      await sleep(100);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes: ports.map((p) => `127.0.0.1:${p}`).join(','), ports, stop };
}
