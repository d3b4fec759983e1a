import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../src/config';
import { connectRedis, createRedis } from '../../src/infra/redis';
import type { ResolvedSource } from '../../src/sources/resolve-source';
import { SourceClient } from '../../src/sources/source-client';
import { outboxKeyOf, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { QUIZ_END } from '../support/effects';
import { ownRedis, type OwnRedis } from '../support/own-redis';

const TO_Q3 = ['', '1', '1*1', '1*1*2', '1*1*2*1'];
const FINAL = '1*1*2*1*3';
const STALL_MS = 700;

/** Blocks this process's event loop, as a full GC, a large menu's compile or a CPU-throttled container does. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

/**
 * The next time the app's web client sends a script (the hop's compare-and-set), the process stalls
 * right after the command has left for Redis: Redis runs it at once, in time, and its reply waits in
 * the socket while the process cannot read it. Every timer of the hop expires meanwhile.
 */
function stallAfterNextScript(redis: Redis): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    const sent = send(command, stream);
    if (command.name === 'evalsha') {
      redis.sendCommand = send;
      // Queued after the batching's own flush (writeInBatches), so the command is on its way first.
      setImmediate(stall, STALL_MS);
    }
    return sent;
  };
}

describe.each([
  { why: 'its compare-and-set outlives REDIS_COMMAND_TIMEOUT_MS', env: { REDIS_COMMAND_TIMEOUT_MS: '300', RESPONSE_DEADLINE_MS: '2000' } },
  { why: 'the hop outlives the deadline guard (RESPONSE_DEADLINE_MS)', env: { REDIS_COMMAND_TIMEOUT_MS: '10000', RESPONSE_DEADLINE_MS: '400' } },
])('when the process stalls during the final hop, after Redis stored it in time, and $why', ({ env }) => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp(env)));
  afterAll(async () => t.close());

  it('then the caller is told the score that was stored (not "busy"), the charge waits in the outbox, and a retry gets the same END', async () => {
    const at = atCaller(t.app);
    for (const text of TO_Q3) await at.hop(text);
    const redis = t.deps.redis as Redis;
    const key = sessionKey('at', at.sessionId);

    stallAfterNextScript(redis);
    const told = await at.hop(FINAL);

    expect(told).toBe(QUIZ_END);
    expect(JSON.parse((await redis.get(key)) ?? 'null')).toEqual([6, -1, QUIZ_END.slice(4)]);
    expect(await redis.hlen(outboxKeyOf(key))).toBeGreaterThan(0);
    expect(await at.hop(FINAL)).toBe(QUIZ_END);
  });
});

describe("the web client's command timeout (REDIS_COMMAND_TIMEOUT_MS: 100)", () => {
  let server: OwnRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await ownRedis(['--enable-debug-command', 'local']);
    redis = createRedis(loadConfig({ REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: '100' }), 'web') as Redis;
    await connectRedis(redis, 3000);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('when this process stalls 300 ms after a GET was sent, then the GET resolves with the value Redis answered in time', async () => {
    await redis.set('stall:k', 'v');
    const got = redis.get('stall:k');
    setImmediate(stall, 300);
    await expect(got).resolves.toBe('v');
  });

  it('when Redis itself sleeps 300 ms, then a GET still times out', async () => {
    const asleep = redis.call('DEBUG', 'SLEEP', '0.3').catch((e: Error) => e.message);
    await expect(redis.get('stall:k')).rejects.toThrow('Command timed out');
    await asleep;
  });
});

/**
 * A source in a process of its own (one in this process would stall with it): it says `got` on
 * stdout when a request arrives and answers 50 ms later.
 */
const SOURCE = `
const server = require('node:http').createServer((req, res) => {
  process.stdout.write('got\\n');
  setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"balance":5}'), 50);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

describe('an outgoing call (a fetch source; the legacy app and the providers share its timeout)', () => {
  let child: ChildProcessWithoutNullStreams;
  let source: ResolvedSource;
  const client = new SourceClient();
  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', SOURCE]);
    const [port] = (await once(child.stdout, 'data')) as [Buffer];
    source = { label: 'bank', origin: `http://127.0.0.1:${port.toString().trim()}`, basePath: '', search: '', headers: {}, timeoutMs: 100, cacheSeconds: 0 };
  });
  afterAll(async () => {
    await client.close();
    child.kill();
  });

  it('when this process stalls 300 ms once the source has the request, and its answer comes 50 ms later, then the call resolves with that answer (its 100 ms timeout expired meanwhile)', async () => {
    const call = client.request(source, 'GET', '/balance', undefined, undefined, 100);
    await once(child.stdout, 'data');
    stall(300);
    await expect(call).resolves.toMatchObject({ status: 200, body: { balance: 5 } });
  });
});
