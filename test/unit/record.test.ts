import { decodeRecord, encodeRecord, type SessionRecord } from '../../src/session/record';

describe('the stored session record', () => {
  it('when a fresh session is stored, then defaults are left out and it reads back the same', () => {
    const r: SessionRecord = { ended: false, hop: 1, at: 1_790_000_000, version: 'abc', last: '', state: 'main', ctx: { v: {}, h: [], n: 0, g: 0, x: 0, pf: {} } };
    expect(encodeRecord(r)).toBe('[1,1790000000,"abc","","main"]');
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
  });

  it('when a session is deep in a quiz, then every field survives the round trip', () => {
    const r: SessionRecord = {
      ended: false,
      hop: 4,
      at: 1_790_000_009,
      version: 'abc',
      last: '1*1*2',
      state: 'math-2',
      ctx: { v: { subject: 'Math', score: 1, 'answers.math-1': 2 }, h: ['main', 'subject', 'math-1'], n: 1, g: 0, x: 1, pf: {} },
    };
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
  });

  it('when a session has ended, then only its final reply is kept', () => {
    const r: SessionRecord = { ended: true, hop: 6, reply: 'You scored 3/3 in Math.' };
    expect(encodeRecord(r)).toBe('[6,-1,"You scored 3/3 in Math."]');
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
  });

  it('when a record is showing the resume prompt, then the flag survives a round trip and the defaults before it are kept', () => {
    const r: SessionRecord = { ended: false, hop: 1, at: 1_790_000_000, version: 'abc', last: '', state: 'math-2', ctx: { v: { score: 1 }, h: ['main'], n: 0, g: 0, x: 0, pf: {} }, prompt: true };
    expect(encodeRecord(r)).toBe('[1,1790000000,"abc","","math-2",{"score":1},["main"],0,0,0,{},1]');
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
  });

  it('when the stored value is not a record, then decoding says so', () => {
    expect(() => decodeRecord('{"a":1}')).toThrow('not a session record');
  });
});
