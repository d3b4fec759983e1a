import type { UssdTurn } from '../../src/gateways/turn';
import { hopInput } from '../../src/session/hop-input';
import type { LiveRecord } from '../../src/session/record';

const record = (last: string, over: Partial<LiveRecord> = {}): LiveRecord => ({ ended: false, hop: 2, at: 0, version: 'v', last, state: 's', ctx: { vars: {}, history: [], attempts: 0, page: 0, error: 0, profile: {} }, ...over });
/** Chain and sequence gateways never look at the clock; a learner 5 s after the last answer. */
const clock = { now: 5, windowSeconds: 1, firstSeenHop: 2 };
const at = (chain: string): UssdTurn => ({ gateway: 'at', sessionId: 's', msisdn: '1', serviceCode: '*384#', kind: 'continue', input: chain, chain });

describe("recognising a hop's input", () => {
  it('when the chain grows by one input, then that input is the new one', () => {
    expect(hopInput(at('1*2'), record('#1'), clock)).toEqual({ kind: 'new', input: '2', token: '#3' });
  });

  it('when a PIN is typed, then the token stored for the chain is its length, never its inputs', () => {
    expect(hopInput(at('1*2*9876'), record('#3'), clock)).toEqual({ kind: 'new', input: '9876', token: '#8' });
  });

  it('when a record stored before tokens were lengths holds the chain itself, then the next chain continues it', () => {
    expect(hopInput(at('1*12*5'), record('1*12'), clock)).toEqual({ kind: 'new', input: '5', token: '#6' });
    expect(hopInput(at('1*12'), record('1*12'), clock)).toEqual({ kind: 'repeat' });
  });

  it('when a chain does not continue the stored one with a star, then it is not applied', () => {
    expect(hopInput(at('12'), record('#1'), clock)).toEqual({ kind: 'repeat' });
  });

  it('when the learner typed a star, then it stays part of the input instead of splitting it', () => {
    expect(hopInput(at('1*12*5'), record('#1'), clock)).toEqual({ kind: 'new', input: '12*5', token: '#6' });
    expect(hopInput(at('*7#'), record('#0'), clock)).toEqual({ kind: 'new', input: '*7#', token: '#3' });
  });

  it('when the same chain arrives again, or its concurrent twin with another last input, then it is a retry', () => {
    expect(hopInput(at('1*2'), record('#3'), clock)).toEqual({ kind: 'repeat' });
    expect(hopInput(at('1*3'), record('#3'), clock)).toEqual({ kind: 'repeat' });
  });

  it('when an older chain arrives late, then it is answered as a retry and does not advance', () => {
    expect(hopInput(at('1'), record('#3'), clock)).toEqual({ kind: 'repeat' });
  });

  it('when a numbered gateway repeats or goes back in sequence, then it is a retry', () => {
    const hub = (seq: number, input: string): UssdTurn => ({ gateway: 'hubtel', sessionId: 's', msisdn: '1', serviceCode: '*384#', kind: 'continue', input, seq });
    expect(hopInput(hub(3, '1'), record('3'), clock)).toEqual({ kind: 'repeat' });
    expect(hopInput(hub(2, '1'), record('3'), clock)).toEqual({ kind: 'repeat' });
    expect(hopInput(hub(4, '1'), record('3'), clock)).toEqual({ kind: 'new', input: '1', token: '4' });
  });

  describe('on a latest-input gateway without hop numbers', () => {
    const latest = (input: string): UssdTurn => ({ gateway: 'arkesel', sessionId: 's', msisdn: '1', serviceCode: '', kind: 'continue', input });

    it('when the same input comes inside the window, then it is the gateway duplicating the hop', () => {
      expect(hopInput(latest('1'), record('1', { at: 1000 }), { ...clock, now: 1000.9 })).toEqual({ kind: 'repeat' });
    });

    it('when the same input comes at or after the window, then the learner typed it again', () => {
      expect(hopInput(latest('1'), record('1', { at: 1000 }), { ...clock, now: 1001 })).toEqual({ kind: 'new', input: '1', token: '1' });
    });

    it('when a different input comes inside the window, then it is an answer', () => {
      expect(hopInput(latest('2'), record('1', { at: 1000 }), { ...clock, now: 1000.1 })).toEqual({ kind: 'new', input: '2', token: '2' });
    });

    it('when this request first saw the hop before and lost the race to the same input, then it is that hop’s twin, even with no window', () => {
      expect(hopInput(latest('1'), record('1', { hop: 3 }), { now: 2000, windowSeconds: 0, firstSeenHop: 2 })).toEqual({ kind: 'repeat' });
    });

    it('when this request lost the race to a different input, then it is answered from what won, not applied to a screen its caller never saw', () => {
      expect(hopInput(latest('3'), record('1', { hop: 3 }), { now: 2000, windowSeconds: 0, firstSeenHop: 2 })).toEqual({ kind: 'repeat' });
    });

    it('when the session is where this request first saw it (it had not lost a race), then the same input after the window is an answer', () => {
      expect(hopInput(latest('1'), record('1', { hop: 2 }), { now: 2000, windowSeconds: 0, firstSeenHop: 2 })).toEqual({ kind: 'new', input: '1', token: '1' });
    });

    describe('on a sensitive screen (a PIN)', () => {
      const token = (input: string) => `~h(${input.length})${[...input].reverse().join('')}`;
      // The token the same input had under the key being rotated out, which still matches.
      const previous = (input: string) => `~p(${input.length})${[...input].reverse().join('')}`;
      const matches = (input: string, stored: string) => stored === token(input) || stored === previous(input);
      const secret = { tokens: { token, matches }, sensitive: true };
      const plain = { tokens: { token, matches }, sensitive: false };
      const window = { now: 10.5, windowSeconds: 1, firstSeenHop: undefined };

      it('when the PIN is typed, then the token kept is its keyed token, never the PIN', () => {
        expect(hopInput(latest('9876'), record('1', { at: 5 }), window, secret)).toEqual({ kind: 'new', input: '9876', token: token('9876') });
      });

      it('when the gateway repeats it within the window, then the retry is recognised by its token; later, the same digits are an answer (the confirmation)', () => {
        expect(hopInput(latest('9876'), record(token('9876'), { at: 10 }), window, secret)).toEqual({ kind: 'repeat' });
        expect(hopInput(latest('9876'), record(token('9876'), { at: 5 }), window, secret)).toEqual({ kind: 'new', input: '9876', token: token('9876') });
        expect(hopInput(latest('9875'), record(token('9876'), { at: 10 }), window, plain)).toEqual({ kind: 'new', input: '9875', token: '9875' });
      });

      it('when the stored token was made under the key being rotated out, then the retry is still recognised, and a new answer is kept under the current key', () => {
        expect(hopInput(latest('9876'), record(previous('9876'), { at: 10 }), window, secret)).toEqual({ kind: 'repeat' });
        expect(hopInput(latest('9875'), record(previous('9876'), { at: 10 }), window, secret)).toEqual({ kind: 'new', input: '9875', token: token('9875') });
      });

      it('when an input on a plain screen looks like a token, then it is kept as one, so a stored "~…" is always a token', () => {
        expect(hopInput(latest('~x'), record('1', { at: 5 }), window, plain)).toEqual({ kind: 'new', input: '~x', token: token('~x') });
      });
    });
  });
});
