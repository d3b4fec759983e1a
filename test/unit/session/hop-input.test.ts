import type { UssdTurn } from '../../../src/gateways/turn';
import { hopInput } from '../../../src/session/hop-input';
import type { LiveRecord } from '../../../src/session/record';

const turn = (over: Partial<UssdTurn>): UssdTurn => ({ gateway: 'g', sessionId: 's', msisdn: '1', serviceCode: '', kind: 'continue', input: '1', ...over });
const record = (over: Partial<LiveRecord>): LiveRecord => ({ ended: false, hop: 3, at: 1000, version: 'v', last: '1', state: 'x', ctx: { v: {}, h: [], n: 0, g: 0, x: 0, pf: {} }, ...over });
const clock = { now: 1000, windowSeconds: 1, firstSeenHop: 3 };

describe('telling a retried hop from an answer', () => {
  describe('whole-chain gateways', () => {
    it('when the chain grows, then the new input is what follows the stored chain, `*` typed inside it included', () => {
      expect(hopInput(turn({ chain: '1*2*3*4#', input: '1*2*3*4#' }), record({ last: '1*2' }), clock)).toEqual({ kind: 'new', input: '3*4#', token: '1*2*3*4#' });
    });
    it('when the chain is the stored one, then it is a retry', () => {
      expect(hopInput(turn({ chain: '1*2', input: '1*2' }), record({ last: '1*2' }), clock)).toEqual({ kind: 'repeat' });
    });
  });

  describe('numbered gateways', () => {
    it('when the sequence is not above the stored one, then it is a retry', () => {
      expect(hopInput(turn({ seq: 3 }), record({ last: '3' }), clock)).toEqual({ kind: 'repeat' });
      expect(hopInput(turn({ seq: 2 }), record({ last: '3' }), clock)).toEqual({ kind: 'repeat' });
    });
    it('when the sequence is higher, then the same input is a new answer, whenever it comes', () => {
      expect(hopInput(turn({ seq: 4 }), record({ last: '3' }), clock)).toEqual({ kind: 'new', input: '1', token: '4' });
    });
  });

  describe('latest-input gateways without a hop number', () => {
    it('when the same input comes inside the window, then it is the gateway duplicating the hop', () => {
      expect(hopInput(turn({}), record({ at: 1000 }), { ...clock, now: 1000.9 })).toEqual({ kind: 'repeat' });
    });
    it('when the same input comes at or after the window, then the learner typed it again', () => {
      expect(hopInput(turn({}), record({ at: 1000 }), { ...clock, now: 1001 })).toEqual({ kind: 'new', input: '1', token: '1' });
    });
    it('when a different input comes inside the window, then it is an answer', () => {
      expect(hopInput(turn({ input: '2' }), record({ at: 1000 }), { ...clock, now: 1000.1 })).toEqual({ kind: 'new', input: '2', token: '2' });
    });
    it('when this request first saw the hop before and lost the race to the same input, then it is that hop’s twin, even with no window', () => {
      expect(hopInput(turn({}), record({ hop: 4 }), { now: 2000, windowSeconds: 0, firstSeenHop: 3 })).toEqual({ kind: 'repeat' });
    });
    it('when the session moved on by more than one hop since, then the same input is an answer', () => {
      expect(hopInput(turn({}), record({ hop: 5 }), { now: 2000, windowSeconds: 0, firstSeenHop: 3 })).toEqual({ kind: 'new', input: '1', token: '1' });
    });
  });
});
