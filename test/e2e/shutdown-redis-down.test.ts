import { ownRedis, type OwnRedis } from '../support/own-redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

// Each test spawns the service and waits out its shutdown: seconds on a loaded machine, over jest's default 5.
jest.setTimeout(30_000);

describe('shutdown while Redis is down', () => {
  let redis: OwnRedis | undefined;
  let svc: ServiceProcess | undefined;
  afterEach(async () => {
    svc?.kill();
    await redis?.stop();
  });

  it.each(['all', 'worker'])('when ROLE=%s gets SIGTERM with Redis gone, then it stops at once and exits 0, instead of waiting for Redis until the budget runs out', async (role) => {
    redis = await ownRedis();
    svc = await startServiceProcess({ REDIS_URL: redis.url, ROLE: role, SHUTDOWN_TIMEOUT_MS: '8000' });
    await redis.stop();
    await svc.waitForLog('redis connection lost');

    const t0 = performance.now();
    svc.child.kill('SIGTERM');
    const exit = await svc.exited;
    const ms = Math.round(performance.now() - t0);
    const msgs = svc.logs.map((l) => l.msg);
    expect({ exit, budgetExceeded: msgs.some((m) => m.startsWith('shutdown budget')), stopped: msgs.includes('stopped') }).toEqual({
      exit: { code: 0, signal: null },
      budgetExceeded: false,
      stopped: true,
    });
    expect(ms).toBeLessThan(4000);
  });

  it('when the service gets SIGTERM with Redis gone, then every step closes without an error (a connection that cannot say QUIT is dropped)', async () => {
    redis = await ownRedis();
    svc = await startServiceProcess({ REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_MS: '8000' });
    await redis.stop();
    await svc.waitForLog('redis connection lost');

    svc.child.kill('SIGTERM');
    expect(await svc.exited).toEqual({ code: 0, signal: null });
    const after = svc.logs.slice(svc.logs.findIndex((l) => l.msg.startsWith('draining')));
    const troubles = after.filter((l) => /^closing .* failed|exceeded/.test(l.msg));
    expect(troubles.map((l) => [l.msg, l.err])).toEqual([]);
    expect(after.map((l) => l.msg)).toContain('stopped');
  });
});
