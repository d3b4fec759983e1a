import { RedisSessionStore } from '../../src/infra/redis-session-store';
import type { RedisClient } from '../../src/infra/redis';
import { sessionKey } from '../../src/session/keys';
import type { LiveRecord } from '../../src/session/record';
import { fixtureMenu } from './menus';
import { uniqueId } from './redis';

/**
 * A dial that offers to resume a dropped session copies it and deletes it, in its own save. If the
 * dropped session moved on after it was read (its last answer arrived late), the copy is stale:
 * nothing of the dial is stored and the session is kept. Run on one server (in the compare-and-set
 * script) and on a Cluster (the session on another shard, deleted first only while unchanged).
 */
export function describeTakeOver(client: () => RedisClient): void {
  const eneza = fixtureMenu('eneza');
  const onQ3: LiveRecord = {
    ended: false, hop: 5, at: 1_800_000_000, version: eneza.version, last: '#5', state: 'math-3',
    ctx: { vars: { subject: 'Math', score: 2 }, history: ['main', 'subject', 'math-1', 'math-2'], attempts: 0, page: 0, error: 0, profile: {} },
  };

  it('when the session taken over changed after it was read, then nothing of the taking hop is stored and the session stays as it now is', async () => {
    const store = new RedisSessionStore(client(), () => eneza.stateCodec);
    const [dropped, dialled] = [sessionKey('arkesel', uniqueId('old')), sessionKey('arkesel', uniqueId('new'))];
    await store.save(dropped, onQ3, undefined, 60);
    const copied = await store.load(dropped, onQ3.at);
    const scored = { ended: true as const, hop: 6, reply: 'You scored 3/3 in Math.' };
    expect(await store.save(dropped, scored, copied, 60)).toBe(true);

    const prompt = { ...onQ3, hop: 1, prompt: true as const };
    expect(await store.save(dialled, prompt, undefined, 60, { sides: [{ kind: 'remove', key: dropped, record: copied as LiveRecord }] })).toEqual({ current: undefined, outdated: false });
    expect(await store.load(dialled, onQ3.at)).toBeUndefined();
    expect(await store.load(dropped, onQ3.at)).toEqual(scored);
  });

  it('when the session taken over is as it was read, then the taking hop is stored and the session is gone', async () => {
    const store = new RedisSessionStore(client(), () => eneza.stateCodec);
    const [dropped, dialled] = [sessionKey('arkesel', uniqueId('old')), sessionKey('arkesel', uniqueId('new'))];
    await store.save(dropped, onQ3, undefined, 60);
    const copied = await store.load(dropped, onQ3.at);
    expect(await store.save(dialled, { ...onQ3, hop: 1, prompt: true }, undefined, 60, { sides: [{ kind: 'remove', key: dropped, record: copied as LiveRecord }] })).toBe(true);
    expect(await store.load(dropped, onQ3.at)).toBeUndefined();
    expect(await store.load(dialled, onQ3.at)).toMatchObject({ hop: 1, prompt: true, state: 'math-3' });
  });
}
