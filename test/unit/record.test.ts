import { decodeRecord, encodeRecord, type LiveRecord } from '../../src/session/record';

const live: LiveRecord = { ended: false, hop: 3, at: 1_700_000_000, version: 'abc', last: '1*1', state: 'math-2', ctx: { v: { score: 1 }, h: ['main'], n: 0, g: 0, x: 0, pf: {} } };

describe('the stored session record', () => {
  it('when a live record holds defaults at the end, then they are left out and come back on decoding', () => {
    expect(encodeRecord(live)).toBe('[3,1700000000,"abc","1*1","math-2",{"score":1},["main"]]');
    expect(decodeRecord(encodeRecord(live))).toEqual(live);
  });

  it('when a record is showing the resume prompt, then the flag survives a round trip', () => {
    const prompting: LiveRecord = { ...live, prompt: true };
    expect(encodeRecord(prompting)).toBe('[3,1700000000,"abc","1*1","math-2",{"score":1},["main"],0,0,0,{},1]');
    expect(decodeRecord(encodeRecord(prompting))).toEqual(prompting);
  });
});
