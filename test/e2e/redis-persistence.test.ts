import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

// Each test spawns the service: seconds on a loaded machine, over jest's default 5.
jest.setTimeout(30_000);

/** What the service says at start-up about keeping what Redis acknowledged. */
async function persistenceLines(redisArgs: string[]): Promise<{ level: unknown; msg: string }[]> {
  let redis: OwnRedis | undefined;
  let svc: ServiceProcess | undefined;
  try {
    redis = await ownRedis(redisArgs);
    svc = await startServiceProcess({ REDIS_URL: redis.url, ROLE: 'worker' });
    return svc.logs.filter((l) => /append-only|appendonly/.test(l.msg)).map((l) => ({ level: l.level, msg: l.msg }));
  } finally {
    svc?.kill();
    await svc?.exited;
    await redis?.stop();
  }
}

describe("Redis's persistence at start-up", () => {
  it('when Redis keeps no append-only file, then the service warns that a Redis restart loses queued charges and SMS', async () => {
    expect(await persistenceLines([])).toEqual([
      { level: 40, msg: expect.stringMatching(/^Redis keeps no append-only file \(appendonly no\): .*queued charges and SMS.* are lost.*set appendonly yes/) },
    ]);
  });

  it('when Redis keeps an append-only file, then nothing is said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aof-'));
    try {
      expect(await persistenceLines(['--appendonly', 'yes', '--dir', dir])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
