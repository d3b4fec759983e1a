import type { UssdTurn } from '../../src/gateways/turn';
import { hopInput } from '../../src/session/hop-input';
import type { LiveRecord } from '../../src/session/record';

const record = (last: string): LiveRecord => ({ ended: false, hop: 2, at: 0, version: 'v', last, state: 's', ctx: { v: {}, h: [], n: 0, g: 0, x: 0, pf: {} } });
const at = (chain: string): UssdTurn => ({ gateway: 'at', sessionId: 's', msisdn: '1', serviceCode: '*384#', kind: 'continue', input: chain, chain });

describe("recognising a hop's input", () => {
  it('when the chain grows by one input, then that input is the new one', () => {
    expect(hopInput(at('1*2'), record('1'))).toEqual({ kind: 'new', input: '2', token: '1*2' });
  });

  it('when the learner typed a star, then it stays part of the input instead of splitting it', () => {
    expect(hopInput(at('1*12*5'), record('1'))).toEqual({ kind: 'new', input: '12*5', token: '1*12*5' });
    expect(hopInput(at('*7#'), record(''))).toEqual({ kind: 'new', input: '*7#', token: '*7#' });
  });

  it('when the same chain arrives again, then it is a retry', () => {
    expect(hopInput(at('1*2'), record('1*2'))).toEqual({ kind: 'repeat' });
  });

  it('when an older chain arrives late, then it is answered as a retry and does not advance', () => {
    expect(hopInput(at('1'), record('1*2'))).toEqual({ kind: 'repeat' });
  });

  it('when a numbered gateway repeats or goes back in sequence, then it is a retry', () => {
    const hub = (seq: number, input: string): UssdTurn => ({ gateway: 'hubtel', sessionId: 's', msisdn: '1', serviceCode: '*384#', kind: 'continue', input, seq });
    expect(hopInput(hub(3, '1'), record('3'))).toEqual({ kind: 'repeat' });
    expect(hopInput(hub(2, '1'), record('3'))).toEqual({ kind: 'repeat' });
    expect(hopInput(hub(4, '1'), record('3'))).toEqual({ kind: 'new', input: '1', token: '4' });
  });
});
