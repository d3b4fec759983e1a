import { EffectQueues } from '../../src/effects/queues';
import { OutboxPublisher } from '../../src/effects/outbox-publisher';
import { OutboxSweeper } from '../../src/effects/outbox-sweeper';
import { createLogger } from '../../src/infra/logger';
import { loadConfig } from '../../src/config';
import { createRedis, type RedisClient } from '../../src/infra/redis';
import { sessionKey } from '../../src/session/keys';
import { effectId, encodeOutboxEntry, type PlannedEffect } from '../../src/session/planned-effect';
import type { LiveRecord } from '../../src/session/record';
import { fixtureMenu } from '../support/menus';
import { RedisSessionStore } from '../../src/infra/redis-session-store';
import { plainRedis, testRedisUrl, uniqueId } from '../support/redis';

const redis = plainRedis();
const log = createLogger('silent');
const eneza = fixtureMenu('eneza');
const store = new RedisSessionStore(redis, () => eneza.stateCodec);
const run = uniqueId('ob');
// BullMQ connects as its queues are made: in beforeAll, so that a run with every test filtered
// out (`jest -t`, where the hooks do not run) opens nothing that would keep jest from exiting.
let producer: RedisClient;
let queues: EffectQueues;
let publisher: OutboxPublisher;
beforeAll(() => {
  producer = createRedis(loadConfig({ REDIS_URL: testRedisUrl(), REDIS_COMMAND_TIMEOUT_MS: '1000' }), 'producer');
  queues = new EffectQueues(producer, {
    QUEUE_PREFIX: `{${uniqueId('q')}}`,
    EFFECT_ATTEMPTS: 3,
    EFFECT_BACKOFF_MS: 100,
    EFFECT_KEEP_COMPLETED_SECONDS: 3600,
    EFFECT_KEEP_FAILED_SECONDS: 3600,
  });
  publisher = new OutboxPublisher(redis, queues, log);
});

afterAll(async () => {
  await Promise.all(Object.values(queues.byName).map((q) => q.obliterate({ force: true })));
  await queues.close();
  producer.disconnect();
  redis.disconnect();
});

const NOW = Math.round(Date.now() / 100) / 10;

function record(hop: number): LiveRecord {
  return { ended: false, hop, at: NOW, version: 'v1', last: '1', state: 'main', ctx: { vars: {}, history: [], attempts: 0, page: 0, error: 0, profile: {} } };
}

function planned(sessionId: string, hop: number, keyPrefix = 'ussd'): PlannedEffect[] {
  const key = sessionKey('at', sessionId, keyPrefix);
  return [
    { id: effectId('at', sessionId, 'result', hop, 0, 1795000000), sessionKey: key, sessionId, msisdn: '254711000111', effect: { kind: 'charge', amount: 5, currency: 'KES', description: 'quiz' } },
    { id: effectId('at', sessionId, 'result', hop, 1, 1795000000), sessionKey: key, sessionId, msisdn: '254711000111', effect: { kind: 'sms', text: 'hi' } },
  ];
}

describe('the outbox', () => {
  it('when a session id holds ":" and ".", then its effect ids hold session, screen, hop, index and time, and no ":"', () => {
    expect(effectId('hubtel', 'a:b.c', 'result', 7, 1, 1795000000)).toBe('hubtel.a%3Ab.c.result.7.1.1795000000');
  });

  it('when a hop decides effects, then the record and the outbox entries are written in one step; a losing compare-and-set writes neither', async () => {
    const sid = `${run}-cas`;
    const key = sessionKey('at', sid);
    expect(await store.save(key, record(1), undefined, 20, { effects: planned(sid, 1) })).toBe(true);
    expect(Object.keys(await redis.hgetall(`ussd:o:{at:${sid}}`)).sort()).toEqual([`at.${sid}.result.1.0.1795000000`, `at.${sid}.result.1.1.1795000000`]);

    // As if this request had found no session: the stored one wins, and comes back in the same reply.
    expect(await store.save(key, record(2), undefined, 20, { effects: planned(sid, 2) })).toEqual({ current: record(1), outdated: false });
    expect(await store.load(key)).toEqual(record(1));
    expect(await redis.hlen(`ussd:o:{at:${sid}}`)).toBe(2);
    await redis.del(key, `ussd:o:{at:${sid}}`);
  });

  it('when effects are left in an outbox (the process died before enqueueing), then the sweeper enqueues the old ones under their ids and clears them, and leaves a young one to its request', async () => {
    const old = `${run}-old`;
    const young = `${run}-young`;
    const aMinuteAgo = Date.now() - 60_000;
    for (const e of planned(old, 1)) await redis.hset(`ussd:o:{at:${old}}`, e.id, encodeOutboxEntry(e, aMinuteAgo));
    await store.save(sessionKey('at', young), record(1), undefined, 20, { effects: planned(young, 1) });
    const sweeper = new OutboxSweeper(redis, publisher, log, { intervalMs: 0, minAgeMs: 5000, lockKey: `${run}-lock`, keyPrefix: 'ussd', match: `ussd:o:{at:${run}-*` });

    expect(await sweeper.sweepOnce()).toBe(2);
    expect(await queues.byName.billing.getJobState(`at.${old}.result.1.0.1795000000`)).toBe('waiting');
    expect((await queues.byName.sms.getJob(`at.${old}.result.1.1.1795000000`))?.data).toEqual({ id: `at.${old}.result.1.1.1795000000`, sessionId: old, msisdn: '254711000111', effect: { kind: 'sms', text: 'hi' } });
    expect(await redis.exists(`ussd:o:{at:${old}}`)).toBe(0);
    expect(await redis.hlen(`ussd:o:{at:${young}}`)).toBe(2);
    await redis.del(sessionKey('at', young), `ussd:o:{at:${young}}`);
  });

  it("when another deployment's outbox (another KEY_PREFIX) sits in the same Redis, then the sweeper leaves it alone and sweeps only its own", async () => {
    const ours = `${run}-ours`;
    const theirs = `${run}-theirs`;
    const aMinuteAgo = Date.now() - 60_000;
    for (const e of planned(ours, 1, ours)) await redis.hset(`${ours}:o:{at:${ours}}`, e.id, encodeOutboxEntry(e, aMinuteAgo));
    for (const e of planned(theirs, 1, theirs)) await redis.hset(`${theirs}:o:{at:${theirs}}`, e.id, encodeOutboxEntry(e, aMinuteAgo));
    const sweeper = new OutboxSweeper(redis, publisher, log, { intervalMs: 0, minAgeMs: 5000, lockKey: `${run}-lock2`, keyPrefix: ours });

    expect(await sweeper.sweepOnce()).toBe(2);
    expect(await queues.byName.billing.getJobState(`at.${ours}.result.1.0.1795000000`)).toBe('waiting');
    expect(await queues.byName.billing.getJob(`at.${theirs}.result.1.0.1795000000`)).toBeUndefined();
    expect([await redis.exists(`${ours}:o:{at:${ours}}`), await redis.hlen(`${theirs}:o:{at:${theirs}}`)]).toEqual([0, 2]);
    await redis.del(`${theirs}:o:{at:${theirs}}`);
  });

  it('when one effect is published twice (the request and the sweeper racing), then the queue holds one job for it', async () => {
    const sid = `${run}-twice`;
    const effects = planned(sid, 3);
    await Promise.all([publisher.publish(effects), publisher.publish(effects)]);
    await publisher.publish(effects);
    const waiting = await queues.byName.billing.getWaiting();
    expect(waiting.filter((j) => j.data.sessionId === sid).map((j) => j.id)).toEqual([`at.${sid}.result.3.0.1795000000`]);
  });
});
