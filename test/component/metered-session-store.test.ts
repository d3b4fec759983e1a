import { LiveSessions } from '../../src/infra/live-sessions';
import { MeteredSessionStore } from '../../src/infra/metered-session-store';
import { RedisSessionStore } from '../../src/infra/redis-session-store';
import { sessionKey } from '../../src/session/keys';
import type { LiveRecord } from '../../src/session/record';
import { liveRecord } from '../support/live-record';
import { fixtureMenu } from '../support/menus';
import { plainRedis, uniqueId } from '../support/redis';

const redis = plainRedis();
const eneza = fixtureMenu('eneza');
afterAll(() => redis.disconnect());

const AT = 1_000_000;
const live = (hop: number, at: number, extra: Partial<LiveRecord> = {}) => liveRecord(eneza, hop, at, extra);

function metered() {
  const gauge = new LiveSessions(60);
  return { gauge, store: new MeteredSessionStore(new RedisSessionStore(redis, () => eneza.stateCodec), gauge) };
}

describe('the metering session store (the live-sessions gauge)', () => {
  it('when a session starts, goes on and ends, then the gauge counts it once while it lives and not after', async () => {
    const { gauge, store } = metered();
    const key = sessionKey('at', uniqueId('meter'));
    expect(await store.save(key, live(1, AT), undefined, 60, { nowSeconds: AT })).toBe(true);
    expect(gauge.count(AT)).toBe(1);
    const first = await store.load(key, AT + 1);
    expect(await store.save(key, live(2, AT + 1), first, 60, { nowSeconds: AT + 1 })).toBe(true);
    expect(gauge.count(AT + 1)).toBe(1);
    const second = await store.load(key, AT + 2);
    expect(await store.save(key, { ended: true, hop: 3, reply: 'bye' }, second, 60, { nowSeconds: AT + 2 })).toBe(true);
    expect(gauge.count(AT + 2)).toBe(0);
    await redis.del(key);
  });

  it('when a compare-and-set loses, then the gauge does not move', async () => {
    const { gauge, store } = metered();
    const key = sessionKey('at', uniqueId('meter'));
    await store.save(key, live(1, AT), undefined, 60, { nowSeconds: AT });
    const conflict = await store.save(key, live(1, AT), undefined, 60, { nowSeconds: AT });
    expect(conflict).toMatchObject({ outdated: false, current: { hop: 1 } });
    expect(gauge.count(AT)).toBe(1);
    await redis.del(key);
  });

  it('when a dropped session is ended or taken over, then it is not counted out a second time', async () => {
    const { gauge, store } = metered();
    const key = sessionKey('at', uniqueId('meter'));
    await store.save(key, live(1, AT), undefined, 60, { nowSeconds: AT });
    const stored = await store.load(key, AT);
    await store.save(key, live(2, AT, { dropped: true }), stored, 60, { nowSeconds: AT });
    expect(gauge.count(AT)).toBe(0);
    const dropped = await store.load(key, AT);
    expect(await store.save(key, { ended: true, hop: 3, reply: 'bye' }, dropped, 60, { nowSeconds: AT })).toBe(true);
    await store.remove(key, live(2, AT, { dropped: true }));
    expect(gauge.count(AT)).toBe(0);
  });

  it('when a live session is removed (its state taken over by a new one), then it leaves the count', async () => {
    const { gauge, store } = metered();
    const key = sessionKey('at', uniqueId('meter'));
    await store.save(key, live(1, AT), undefined, 60, { nowSeconds: AT });
    const stored = await store.load(key, AT);
    expect(stored).toBeDefined();
    if (stored) await store.remove(key, stored);
    expect([gauge.count(AT), await redis.exists(key)]).toEqual([0, 0]);
  });
});
