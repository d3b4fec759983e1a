import { LiveSessions } from '../../src/infra/live-sessions';

describe('the live-sessions estimate', () => {
  it('when sessions are stored and then replaced by their next hop, then each counts once while its latest hop is younger than the TTL', () => {
    const live = new LiveSessions(20);
    live.add(1000, 1); // session A dials at 1000
    live.add(1003, 1); // session B dials at 1003
    live.add(1000, -1); // A's next hop replaces its record of 1000 …
    live.add(1008, 1); // … with one of 1008
    expect(live.count(1010)).toBe(2);
    expect(live.count(1022)).toBe(2); // B's latest hop (1003) is 19 s old: still live
    expect(live.count(1023)).toBe(1); // B expired; A (1008) lives on
    expect(live.count(1028)).toBe(0);
  });

  it('when records are stamped with fractions of a second, then they count in the second they fall in', () => {
    const live = new LiveSessions(20);
    live.add(1000.3, 1);
    live.add(1000.3, -1);
    live.add(1000.9, 1);
    expect([live.count(1000), live.count(1020), live.count(1021)]).toEqual([1, 0, 0]);
  });

  it('when a record is stamped up to a second ahead of this replica\'s clock (another replica\'s clock runs ahead), then it counts at once, not a second later', () => {
    const live = new LiveSessions(20);
    live.add(1000.5, 1);
    live.add(1000.5, -1);
    live.add(1001, 1); // stamped by a clock running ahead
    expect(live.count(1000)).toBe(1);
    expect(live.count(1021)).toBe(0);
  });

  it('when a session ends, then its last live record stops counting at once', () => {
    const live = new LiveSessions(20);
    live.add(500, 1);
    live.add(500, -1);
    expect(live.count(501)).toBe(0);
  });

  it('when the +1 and the -1 of one record land on two replicas, then the sum over replicas is the count', () => {
    const a = new LiveSessions(20);
    const b = new LiveSessions(20);
    a.add(100, 1); // replica a answered the dial
    b.add(100, -1); // replica b answered the next hop …
    b.add(104, 1); // … and stored the new record
    expect([a.count(105), b.count(105)]).toEqual([1, 0]);
    expect(a.count(105) + b.count(105)).toBe(1);
  });

  it('when a slot is reused by a newer second, then a late change for the older second is dropped instead of corrupting it', () => {
    const live = new LiveSessions(3); // 5 slots
    live.add(10, 1);
    live.add(15, 1); // same slot as 10
    live.add(10, -1); // too old: ignored
    expect(live.count(15)).toBe(1);
  });
});
