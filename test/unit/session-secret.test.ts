import { ConfigError, loadConfig, requireInProduction, SESSION_SECRET } from '../../src/config';
import { createSessionSealer, sessionSealer } from '../../src/infra/session-sealer';
import { decodeRecord, encodeRecord, type LiveRecord } from '../../src/session/record';
import { UnsealableError } from '../../src/session/sealer';
import { configErrorOf } from '../support/config-error';
import { menuFrom } from '../support/menus';

const KEY = 'a-session-secret-key-of-44-characters-000000';
const OLD_KEY = 'the-key-being-rotated-out-of-44-characters-0';
const THIRD_KEY = 'a-key-no-replica-holds-0123456789abcdefghijk';

describe('SESSION_SECRET_KEY', () => {
  it('when it is too short, then the start-up error names the variable and never shows its value', () => {
    const message = configErrorOf({ SESSION_SECRET_KEY: 'hunter2-short-key' });
    expect(message).toBe('Invalid configuration: SESSION_SECRET_KEY=(hidden): use at least 32 characters (`openssl rand -base64 32`)');
    expect(message).not.toContain('hunter2');
    expect(loadConfig({ SESSION_SECRET_KEY: KEY }).SESSION_SECRET_KEY).toBe(KEY);
  });

  it('when SESSION_SECRET_KEY_PREVIOUS is too short, or set without SESSION_SECRET_KEY, then the error names it and never shows either key', () => {
    const short = configErrorOf({ SESSION_SECRET_KEY: KEY, SESSION_SECRET_KEY_PREVIOUS: 'hunter2-old-key' });
    expect(short).toBe('Invalid configuration: SESSION_SECRET_KEY_PREVIOUS=(hidden): use at least 32 characters (`openssl rand -base64 32`)');
    const alone = configErrorOf({ SESSION_SECRET_KEY_PREVIOUS: OLD_KEY });
    expect(alone).toBe('Invalid configuration: SESSION_SECRET_KEY_PREVIOUS=(hidden): set without SESSION_SECRET_KEY, the key new values are sealed with: set both, or neither');
    const both = configErrorOf({ SESSION_SECRET_KEY: 'hunter2-new-key', SESSION_SECRET_KEY_PREVIOUS: 'hunter2-old-key' });
    expect(both).toBe(
      'Invalid configuration: SESSION_SECRET_KEY=(hidden): use at least 32 characters (`openssl rand -base64 32`); SESSION_SECRET_KEY_PREVIOUS=(hidden): use at least 32 characters (`openssl rand -base64 32`)',
    );
    for (const message of [short, alone, both]) expect([message.includes('hunter2'), message.includes(OLD_KEY), message.includes(KEY)]).toEqual([false, false, false]);
    expect(loadConfig({ SESSION_SECRET_KEY: KEY, SESSION_SECRET_KEY_PREVIOUS: OLD_KEY })).toMatchObject({ SESSION_SECRET_KEY: KEY, SESSION_SECRET_KEY_PREVIOUS: OLD_KEY });
  });

  it('when a web replica starts with NODE_ENV=production without it, then it is refused in the same one line as the missing providers', () => {
    const env = { NODE_ENV: 'production' };
    expect(() => requireInProduction(loadConfig(env), ['BILLING_URL', SESSION_SECRET], env)).toThrow(
      new ConfigError([
        'NODE_ENV=production needs BILLING_URL (no sandbox stands in for a provider in production)',
        'NODE_ENV=production needs SESSION_SECRET_KEY (sensitive inputs are sealed with it; no throwaway key in production)',
      ]),
    );
    const withKey = { ...env, SESSION_SECRET_KEY: KEY };
    expect(() => requireInProduction(loadConfig(withKey), [SESSION_SECRET], withKey)).not.toThrow();
  });

  it('when it is unset outside production, then a throwaway key is made and one warning line says so; when set, nothing is said', () => {
    const warnings: string[] = [];
    const log = { warn: (m: string) => void warnings.push(m) };
    const throwaway = sessionSealer(loadConfig({}), log);
    expect(warnings).toEqual([expect.stringMatching(/^SESSION_SECRET_KEY is not set: sensitive inputs are sealed with a throwaway key made for this process/)]);
    expect(throwaway.open(throwaway.seal('731946'))).toBe('731946');
    sessionSealer(loadConfig({ SESSION_SECRET_KEY: KEY }), log);
    expect(warnings).toHaveLength(1);
  });
});

describe('the session sealer (AES-256-GCM, keys from HKDF)', () => {
  const sealer = createSessionSealer(KEY);

  it('when a value is sealed, then it opens to the same value, never shows it, and sealing it again gives other bytes', () => {
    const a = sealer.seal('731946');
    const b = sealer.seal('731946');
    expect(a).toMatch(/^~1\.[\w-]+$/);
    expect(a).not.toContain('731946');
    expect(a).not.toBe(b);
    expect([sealer.open(a), sealer.open(b), sealer.open(sealer.seal({ n: 4, ok: true }))]).toEqual(['731946', '731946', { n: 4, ok: true }]);
  });

  it('when a value was sealed under another key, or altered, then opening it fails with UnsealableError', () => {
    const sealed = createSessionSealer('another-key-another-replica-0123456789abcdef').seal('731946');
    expect(() => sealer.open(sealed)).toThrow(UnsealableError);
    const mine = sealer.seal('731946');
    const flipped = mine.slice(0, 10) + (mine[10] === 'A' ? 'B' : 'A') + mine.slice(11);
    expect(() => sealer.open(flipped)).toThrow(UnsealableError);
    expect(() => sealer.open('~1.short')).toThrow(UnsealableError);
  });

  it('when an input is tokenised, then the token is stable for one key, differs across keys, and holds nothing of the input', () => {
    const token = sealer.token('731946');
    expect(token).toMatch(/^~[\w-]{22}$/);
    expect(sealer.token('731946')).toBe(token);
    expect(createSessionSealer(KEY).token('731946')).toBe(token);
    expect(createSessionSealer(`${KEY}x`).token('731946')).not.toBe(token);
    expect(sealer.token('731947')).not.toBe(token);
  });
});

describe('the session sealer while the key is rotated (SESSION_SECRET_KEY_PREVIOUS)', () => {
  const old = createSessionSealer(OLD_KEY);
  const rotated = sessionSealer(loadConfig({ SESSION_SECRET_KEY: KEY, SESSION_SECRET_KEY_PREVIOUS: OLD_KEY }), { warn: () => undefined });

  it('when a value was sealed under the previous key, then it opens; under the current key too; under a third key it fails', () => {
    expect(rotated.open(old.seal('731946'))).toBe('731946');
    expect(rotated.open(createSessionSealer(KEY).seal({ n: 4 }))).toEqual({ n: 4 });
    expect(() => rotated.open(createSessionSealer(THIRD_KEY).seal('731946'))).toThrow(UnsealableError);
    expect(() => rotated.open('~1.short')).toThrow(UnsealableError);
  });

  it('when a value is sealed, then it is sealed under the current key only: a replica holding only the previous key cannot open it', () => {
    const sealed = rotated.seal('731946');
    expect(createSessionSealer(KEY).open(sealed)).toBe('731946');
    expect(() => old.open(sealed)).toThrow(UnsealableError);
  });

  it("when a token is made, then it is the current key's; a stored token of either key matches its input, and nothing else matches", () => {
    expect(rotated.token('731946')).toBe(createSessionSealer(KEY).token('731946'));
    expect([rotated.matches('731946', old.token('731946')), rotated.matches('731946', rotated.token('731946'))]).toEqual([true, true]);
    expect([
      rotated.matches('731946', createSessionSealer(THIRD_KEY).token('731946')),
      rotated.matches('731947', old.token('731946')),
      rotated.matches('731946', '731946'),
      rotated.matches('731946', ''),
    ]).toEqual([false, false, false, false]);
  });

  it('when no previous key is set, then only the current key opens and matches, as before rotation existed', () => {
    const current = createSessionSealer(KEY);
    expect(() => current.open(old.seal('731946'))).toThrow(UnsealableError);
    expect([current.matches('731946', current.token('731946')), current.matches('731946', old.token('731946'))]).toEqual([true, false]);
  });
});

describe('a stored session with sensitive values', () => {
  const menu = menuFrom(
    [
      'id: t',
      'serviceCodes: ["*1#"]',
      'start: pin',
      'screens:',
      '  pin: { type: input, text: "PIN:", save: pin, sensitive: true, set: { copy: "=pin" }, goto: name }',
      '  name: { type: input, text: "Name:", save: name, goto: bye }',
      '  bye: { type: end, text: "Bye {{name}}." }',
      '',
    ].join('\n'),
    'v1',
  );
  const record: LiveRecord = {
    ended: false,
    hop: 2,
    at: 1_800_000_000,
    version: 'v1',
    last: '#6',
    state: 'name',
    ctx: { vars: { pin: '731946', copy: '731946', name: 'Amina' }, history: ['pin'], attempts: 0, page: 0, error: 0, profile: {} },
  };
  const codecs = () => menu.stateCodec;
  const sealer = createSessionSealer(KEY);

  it('when it is encoded for Redis, then the PIN and its copy are sealed, other variables are not, and it decodes to the same record', async () => {
    const raw = encodeRecord(record, menu.stateCodec, sealer);
    expect(raw).not.toContain('731946');
    expect(raw).toContain('"Amina"');
    expect(JSON.parse(raw)[5]).toEqual([expect.stringMatching(/^~1\./), expect.stringMatching(/^~1\./), 'Amina']);
    expect(await decodeRecord(raw, codecs, record.at, sealer)).toEqual(record);
  });

  it('when another key reads it, then decoding fails with UnsealableError; a record stored before sealing still reads', async () => {
    const raw = encodeRecord(record, menu.stateCodec, sealer);
    expect(() => decodeRecord(raw, codecs, record.at, createSessionSealer(`${KEY}x`))).toThrow(UnsealableError);
    expect(() => decodeRecord(raw, codecs, record.at)).toThrow(UnsealableError);
    const before = encodeRecord(record, menu.stateCodec);
    expect(before).toContain('731946');
    expect(await decodeRecord(before, codecs, record.at, sealer)).toEqual(record);
  });

  it('when a replica that rotated to a new key reads it, then it decodes, and stored again it is sealed under the new key', async () => {
    const raw = encodeRecord(record, menu.stateCodec, createSessionSealer(OLD_KEY));
    const rotated = createSessionSealer(KEY, OLD_KEY);
    const read = await decodeRecord(raw, codecs, record.at, rotated);
    expect(read).toEqual(record);
    const again = encodeRecord(read, menu.stateCodec, rotated);
    expect(await decodeRecord(again, codecs, record.at, createSessionSealer(KEY))).toEqual(record);
    expect(() => decodeRecord(again, codecs, record.at, createSessionSealer(OLD_KEY))).toThrow(UnsealableError);
  });
});
