import { CachingSessionStore, type RememberedRecord } from '../../src/infra/caching-session-store';
import { RecentRecords } from '../../src/infra/recent-records';
import { RedisSessionStore } from '../../src/infra/redis-session-store';
import { sessionKey } from '../../src/session/keys';
import type { LiveRecord } from '../../src/session/record';
import { liveRecord } from '../support/live-record';
import { fixtureMenu } from '../support/menus';
import { plainRedis, uniqueId } from '../support/redis';

const redis = plainRedis();
const eneza = fixtureMenu('eneza');
afterAll(() => redis.disconnect());

const AT = Date.now() / 1000;
const live = (hop: number, at: number, vars: LiveRecord['ctx']['vars'] = {}) =>
  liveRecord(eneza, hop, at, { ctx: { vars, history: [], attempts: 0, page: 0, error: 0, profile: {} } });

function caching() {
  const recent = new RecentRecords<RememberedRecord>(100, 60_000);
  return { recent, store: new CachingSessionStore(new RedisSessionStore(redis, () => eneza.stateCodec), recent, 20) };
}

describe('the caching session store (records this process stored last)', () => {
  it('when a session it stored is recalled, then the record comes from memory without a Redis read, as the one stored, and each recall is a record of its own', async () => {
    const { store } = caching();
    const key = sessionKey('at', uniqueId('cache'));
    const saved = live(1, AT, { lang: 'en' });
    expect(await store.save(key, saved, undefined, 20, { nowSeconds: AT })).toBe(true);
    await redis.del(key); // were it read from Redis, there would be nothing to recall

    const first = await store.recall(key, AT + 1);
    const second = await store.recall(key, AT + 1);
    expect(first).toEqual(saved);
    expect(second).toEqual(saved);
    expect(first).not.toBe(second);
    expect(first).not.toBe(saved);
  });

  it('when two hops step from the same remembered record, then the first compare-and-set stores and the second loses to it, with what won', async () => {
    const { store } = caching();
    const key = sessionKey('at', uniqueId('cache'));
    await store.save(key, live(1, AT), undefined, 20, { nowSeconds: AT });
    const [a, b] = [await store.recall(key, AT + 1), await store.recall(key, AT + 1)];

    expect(await store.save(key, live(2, AT + 1, { lang: 'en' }), a, 20, { nowSeconds: AT + 1 })).toBe(true);
    const lost = await store.save(key, live(2, AT + 1, { lang: 'sw' }), b, 20, { nowSeconds: AT + 1 });
    expect(lost).toMatchObject({ current: { hop: 2, ctx: { vars: { lang: 'en' } } } });
    expect(await store.load(key, AT + 1)).toMatchObject({ hop: 2, ctx: { vars: { lang: 'en' } } });
    await redis.del(key);
  });

  it('when the remembered record is idle past the session TTL, then it is read from Redis instead', async () => {
    const { store } = caching();
    const key = sessionKey('at', uniqueId('cache'));
    await store.save(key, live(1, AT), undefined, 20, { nowSeconds: AT });
    await redis.del(key);
    expect(await store.recall(key, AT + 21)).toBeUndefined();
  });
});
