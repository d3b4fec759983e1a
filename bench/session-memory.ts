/**
 * Redis memory per live session: a throwaway redis-server on a free port (nothing else in it),
 * `INFO memory` before and after N sessions opened through the real store and use case, each
 * left where a learner mid-quiz leaves it (Q2 of Math). Run: npx tsx bench/session-memory.ts [N]
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/infra/logger';
import { loadMenuDir } from '../src/infra/menu-files';
import { startLocalRedis } from '../src/infra/local-redis';
import { connectRedis, createRedis } from '../src/infra/redis';
import { MenuRegistry } from '../src/menu/registry';
import { handleTurn } from '../src/session/handle-turn';
import { sessionKey } from '../src/session/keys';
import { RedisSessionStore } from '../src/session/redis-session-store';

const N = Number(process.argv[2] ?? 20_000);

async function main(): Promise<void> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
  const server = await startLocalRedis(port);
  const config = loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'silent', REDIS_COMMAND_TIMEOUT_MS: '5000' });
  const redis = createRedis(config, 'web');
  try {
    await connectRedis(redis, 3000);
    const menus = new MenuRegistry();
    for (const m of (await loadMenuDir('menus')).menus) menus.publish(m);
    const deps = { store: new RedisSessionStore(redis), menus, log: createLogger('silent'), config };
    const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
    // Africa's Talking session ids look like ATUid_ + 32 hex digits; numbers are Kenyan.
    const turn = (sessionId: string, chain: string) =>
      ({ gateway: 'at', sessionId, msisdn: '2547' + String(10_000_000 + (parseInt(sessionId.slice(-6), 16) % 89_999_999)), serviceCode: '*384#', kind: chain === '' ? 'start' : 'continue', input: chain.split('*').at(-1) ?? '', chain }) as const;

    const before = await used();
    const ids: string[] = [];
    for (let i = 0; i < N; i += 500) {
      const batch = Array.from({ length: Math.min(500, N - i) }, () => `ATUid_${randomBytes(16).toString('hex')}`);
      ids.push(...batch);
      for (const chain of ['', '1', '1*1', '1*1*2']) await Promise.all(batch.map((id) => handleTurn(turn(id, chain), deps)));
    }
    const after = await used();
    const sample = await redis.get(sessionKey('at', ids[0] ?? ''));
    console.log(`${N} live sessions at Q2 of the Math quiz: used_memory ${before} -> ${after} bytes`);
    console.log(`= ${((after - before) / N).toFixed(1)} bytes per live session in Redis (key ${sessionKey('at', ids[0] ?? '').length} B, value ${sample?.length} B: ${sample})`);
    console.log(`MEMORY USAGE of one live session key: ${String(await redis.call('MEMORY', 'USAGE', sessionKey('at', ids[0] ?? '')))} bytes`);
    // One learner finishes: the session becomes an ended record (kept ENDED_SESSION_TTL_SECONDS) and the profile is written.
    const first = turn(ids[0] ?? '', '');
    for (const chain of ['1*1*2*1', '1*1*2*1*3']) await handleTurn(turn(ids[0] ?? '', chain), deps);
    const profile = (await redis.keys('ussd:p:*'))[0] ?? '';
    console.log(`after the END: ended record ${String(await redis.call('MEMORY', 'USAGE', sessionKey('at', first.sessionId)))} bytes (${await redis.get(sessionKey('at', first.sessionId))}), profile ${profile} ${String(await redis.call('MEMORY', 'USAGE', profile))} bytes, kept without TTL`);
  } finally {
    redis.disconnect();
    server.kill();
  }
}

void main();
