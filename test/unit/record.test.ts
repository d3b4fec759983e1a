import { decodeRecord, encodeRecord, type SessionRecord } from '../../src/session/record';
import { fixtureMenu } from '../support/menus';

const eneza = fixtureMenu('eneza');
const codecs = () => eneza.stateCodec;
const at = Date.UTC(2026, 10, 22, 9, 30, 0) / 1000;

describe('the stored session record', () => {
  it('when a learner is on the first question, then the record is 44 bytes or less (Redis keeps it inside the key object) and reads back the same', async () => {
    const r: SessionRecord = {
      ended: false,
      hop: 3,
      at,
      version: 'AbC12x',
      last: '#3',
      state: 'math-1',
      ctx: { vars: { subject: 'Math', score: 0 }, history: ['main', 'subject'], attempts: 0, page: 0, error: 0, profile: {} },
    };
    const raw = encodeRecord(r, eneza.stateCodec);
    expect(raw).toBe(`[3,"${((at * 10) % 36 ** 5).toString(36)}AbC12x",3,2,"01",["Math",0]]`);
    expect(raw.length).toBeLessThanOrEqual(44);
    expect(await decodeRecord(raw, codecs, at + 7)).toEqual(r);
  });

  it('when a learner is five hops deep on the third question, then the record still fits 44 bytes', async () => {
    const r: SessionRecord = {
      ended: false,
      hop: 5,
      at,
      version: 'AbC12x',
      last: '#7',
      state: 'math-3',
      ctx: { vars: { subject: 'Math', score: 2, 'answers.math-1': 2, 'answers.math-2': 1 }, history: ['main', 'subject', 'math-1', 'math-2'], attempts: 0, page: 0, error: 0, profile: {} },
    };
    const raw = encodeRecord(r, eneza.stateCodec);
    expect(raw.length).toBeLessThanOrEqual(44);
    expect(await decodeRecord(raw, codecs, at)).toEqual(r);
  });

  it('when a record was written in the earlier layout (version apart, the whole chain as token), then it still reads', async () => {
    const stamp = ((at * 10) % 36 ** 5).toString(36);
    expect(await decodeRecord(`[3,"${stamp}.d","AbC12x","1*1",2,"01",["Math",0]]`, codecs, at)).toEqual({
      ended: false,
      hop: 3,
      at,
      version: 'AbC12x',
      last: '1*1',
      state: 'math-1',
      dropped: true,
      ctx: { vars: { subject: 'Math', score: 0 }, history: ['main', 'subject'], attempts: 0, page: 0, error: 0, profile: {} },
    });
  });

  it('when a record holds a whole chain (stored before tokens were lengths) or a sequence, then it reads back as a string', async () => {
    for (const last of ['1*1', '12']) {
      const r: SessionRecord = { ended: false, hop: 3, at, version: 'AbC12x', last, state: 'math-1', ctx: { vars: {}, history: [], attempts: 0, page: 0, error: 0, profile: {} } };
      expect(await decodeRecord(encodeRecord(r, eneza.stateCodec), codecs, at)).toEqual(r);
    }
  });

  it('when a session is deep in a quiz with an error showing and a stored profile field, then every field survives the round trip', async () => {
    const r: SessionRecord = {
      ended: false,
      hop: 5,
      at: at + 0.3,
      version: 'AbC12x',
      last: '1*1*2*9',
      state: 'math-2',
      ctx: { vars: { subject: 'Math', score: 1, 'answers.math-1': 2, lang: 'sw' }, history: ['main', 'subject', 'math-1'], attempts: 1, page: 0, error: 1, profile: { lastScore: '3/3 in Math' } },
    };
    expect(await decodeRecord(encodeRecord(r, eneza.stateCodec), codecs, at - 3600)).toEqual(r);
  });

  it('when a record shows the resume prompt or was dropped by the gateway, then the mark survives', async () => {
    const base = { ended: false as const, hop: 1, at, version: 'AbC12x', last: '', state: 'math-2', ctx: { vars: { score: 1 }, history: ['main'], attempts: 0, page: 0, error: 0 as const, profile: {} } };
    for (const r of [{ ...base, prompt: true as const }, { ...base, dropped: true as const }]) {
      expect(await decodeRecord(encodeRecord(r, eneza.stateCodec), codecs)).toEqual(r);
    }
  });

  it('when the record is read back up to a month from its hop, either side of now, then its time is exact', async () => {
    const r: SessionRecord = { ended: false, hop: 1, at: at + 0.1, version: 'AbC12x', last: '', state: 'main', ctx: { vars: {}, history: [], attempts: 0, page: 0, error: 0, profile: {} } };
    for (const delta of [0, 0.05, 20, 86_400 * 30, -86_400 * 30]) expect(await decodeRecord(encodeRecord(r, eneza.stateCodec), codecs, r.at + delta)).toEqual(r);
  });

  it('when a session has ended, then only its final reply is kept', async () => {
    const r: SessionRecord = { ended: true, hop: 6, reply: 'You scored 3/3 in Math.' };
    expect(encodeRecord(r, undefined)).toBe('[6,-1,"You scored 3/3 in Math."]');
    expect(await decodeRecord(encodeRecord(r, undefined), codecs)).toEqual(r);
  });

  it('when a number-keyed dial ended its session at once, then its time and token are kept too, and read back', async () => {
    const at = 1_765_000_000.3;
    for (const last of ['*384*1*1*2*1*3#', '#1']) {
      const r: SessionRecord = { ended: true, hop: 1, reply: 'You scored 3/3 in Math.', at, last };
      expect(await decodeRecord(encodeRecord(r, undefined), codecs, at + 0.5)).toEqual(r);
    }
    expect(encodeRecord({ ended: true, hop: 1, reply: 'Bye', at, last: '#1' }, undefined)).toMatch(/^\[1,-1,"Bye","[0-9a-z]{5}",1\]$/);
  });

  it('when final replies hold quotes, backslashes, line breaks or non-Latin text, or repeat, then each reads back as it was', async () => {
    const replies = ['Say "yes"\nor \\no', 'Asante — karibu tena ✓', 'Say "yes"\nor \\no', ''];
    for (const [i, reply] of replies.entries()) {
      const r: SessionRecord = { ended: true, hop: i + 1, reply };
      expect(await decodeRecord(encodeRecord(r, undefined), codecs)).toEqual(r);
    }
  });

  it('when the version is unknown everywhere, or the value is not a record, then decoding says so', async () => {
    expect(() => decodeRecord('[2,"2zd4k","zzzzzz","1",0]', () => undefined)).toThrow('menu version zzzzzz is not known');
    await expect(decodeRecord('[2,"2zd4k","zzzzzz","1",0]', () => Promise.resolve(undefined))).rejects.toThrow('menu version zzzzzz is not known');
    expect(() => decodeRecord('{"a":1}', codecs)).toThrow('not a session record');
  });

  it('when a state or variable is not in the menu, then packing refuses it instead of storing garbage', () => {
    const ctx = { vars: { nope: 1 }, history: [], attempts: 0, page: 0, error: 0 as const, profile: {} };
    expect(() => eneza.stateCodec.pack('main', ctx)).toThrow('variable "nope" is not in menu eneza');
    expect(() => eneza.stateCodec.pack('nowhere', { ...ctx, vars: {} })).toThrow('screen "nowhere" is not in menu eneza');
  });
  it('when variables are set out of table order, some never, and only a later field is not at its default, then gaps are nulls and only trailing defaults are left out', () => {
    const { pack, unpack } = eneza.stateCodec;
    const none = { vars: {}, history: [], attempts: 0, page: 0, error: 0 as const, profile: {} };
    expect(pack('main', none)).toEqual([0]);
    expect(pack('main', { ...none, page: 1 })).toEqual([0, '', [], 0, 1]);
    const lateFirst = { ...none, vars: { lang: 'sw', subject: 'Math' } };
    const packed = pack('main', lateFirst);
    const vars = packed[2] as unknown[];
    expect(vars[0]).toBe('Math');
    expect(vars.at(-1)).toBe('sw');
    expect(vars.slice(1, -1).every((v) => v === null)).toBe(true);
    expect(unpack(packed).ctx.vars).toEqual({ subject: 'Math', lang: 'sw' });
  });
});
