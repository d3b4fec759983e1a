import { RecentRecords } from '../../src/infra/recent-records';

describe('the records this process stored last', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('when a key is written again, then it holds the newest record and counts once', () => {
    const recent = new RecentRecords(10, 20_000, clock);
    recent.set('a', '[1]');
    recent.set('a', '[2]');
    expect(recent.get('a')).toBe('[2]');
    expect(recent.size).toBe(1);
  });

  it('when more keys are written than it holds, then the least recently written go first', () => {
    const recent = new RecentRecords(2, 20_000, clock);
    recent.set('a', '[1]');
    recent.set('b', '[1]');
    recent.set('a', '[2]');
    recent.set('c', '[1]');
    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual(['[2]', undefined, '[1]']);
    expect(recent.size).toBe(2);
  });

  it('when a large cache is over its bound, then the oldest go down to 15/16 of it at once, so the next eviction is far off', () => {
    const recent = new RecentRecords(32, 20_000, clock);
    for (let i = 0; i < 32; i++) recent.set(`k${i}`, '[1]');
    expect(recent.size).toBe(32);
    recent.set('k32', '[1]');
    expect(recent.size).toBe(30);
    expect([recent.get('k0'), recent.get('k2'), recent.get('k3'), recent.get('k32')]).toEqual([undefined, undefined, '[1]', '[1]']);
    recent.set('k33', '[1]');
    expect(recent.size).toBe(31);
  });

  it('when an entry is older than the idle TTL, then it is gone, whether read or pushed out by a later write', () => {
    const recent = new RecentRecords(10, 20_000, clock);
    recent.set('a', '[1]');
    recent.set('b', '[1]');
    now += 20_000;
    expect(recent.get('a')).toBeUndefined();
    recent.set('c', '[1]');
    expect(recent.size).toBe(1);
    expect(recent.get('c')).toBe('[1]');
  });

  it('when it may hold nothing (SESSION_CACHE_SIZE=0), then nothing is kept', () => {
    const recent = new RecentRecords(0, 20_000, clock);
    recent.set('a', '[1]');
    expect(recent.get('a')).toBeUndefined();
    expect(recent.size).toBe(0);
  });

  it('when a key is deleted, then it is not found', () => {
    const recent = new RecentRecords(10, 20_000, clock);
    recent.set('a', '[1]');
    recent.delete('a');
    expect(recent.get('a')).toBeUndefined();
  });
});
