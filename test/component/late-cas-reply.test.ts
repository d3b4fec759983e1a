import { Redis } from 'ioredis';
import { outboxKeyOf, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { ownRedis, type OwnRedis } from '../support/own-redis';

const Q3 = 'CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42';
const BUSY = 'END Eneza is busy right now. Please dial *384# again shortly.';
const TO_Q3 = ['', '1', '1*1', '1*1*2', '1*1*2*1'];
const FINAL = '1*1*2*1*3';

/**
 * Redis runs the hop's compare-and-set in time, then stalls before its reply leaves: a fork for a
 * snapshot, or a slow command, runs between a command and the flush of its reply. Here the stall is
 * a `DEBUG SLEEP` that follows the compare-and-set on the app's own connection, so Redis runs the
 * two back to back, and the reply waits for the sleep. The deadline guard answers busy meanwhile.
 */
function sleepAfterNextScript(redis: Redis, seconds: string): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    const sent = send(command, stream);
    if (command.name === 'evalsha') {
      redis.sendCommand = send;
      void redis.call('DEBUG', 'SLEEP', seconds);
    }
    return sent;
  };
}

describe('when Redis stores the final hop in time but its reply comes back after the deadline guard answered', () => {
  let server: OwnRedis;
  let t: TestApp;
  let admin: Redis;
  beforeAll(async () => {
    server = await ownRedis(['--enable-debug-command', 'local']);
    t = await startTestApp({ REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: '10000', RESPONSE_DEADLINE_MS: '400' });
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await t.close();
    await server.stop();
  });

  it('then what is stored comes back to what the caller was told: busy, with no charge or SMS left in the outbox, and a retry is answered busy too', async () => {
    const at = atCaller(t.app);
    for (const text of TO_Q3) await at.hop(text);
    expect(await at.hop(TO_Q3[4] ?? '')).toBe(Q3);
    const key = sessionKey('at', at.sessionId);

    sleepAfterNextScript(t.deps.redis as Redis, '1');
    expect(await at.hop(FINAL)).toBe(BUSY);
    // Redis wakes after the caller was answered: wait until it holds what the caller was told.
    const told = JSON.stringify([6, -1, BUSY.slice(4)]);
    await eventually(async () => (await admin.get(key)) === told, 'the busy answer stored', 5000).catch(() => undefined);

    expect(JSON.parse((await admin.get(key)) ?? 'null')).toEqual([6, -1, BUSY.slice(4)]);
    expect(await admin.hlen(outboxKeyOf(key))).toBe(0);
    expect(await at.hop(FINAL)).toBe(BUSY);
    expect(await t.deps.effects.queues.byName.billing.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
  });
});
