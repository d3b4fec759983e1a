import { ConfigError, loadConfig, requireInProduction, SESSION_SECRET } from '../../src/config';
import { createSessionSealer, sessionSealer } from '../../src/infra/session-sealer';
import { decodeRecord, encodeRecord, type LiveRecord } from '../../src/session/record';
import { UnsealableError } from '../../src/session/sealer';
import { configErrorOf } from '../support/config-error';
import { menuFrom } from '../support/menus';

const KEY = 'a-session-secret-key-of-44-characters-000000';

describe('SESSION_SECRET_KEY', () => {
  it('when it is too short, then the start-up error names the variable and never shows its value', () => {
    const message = configErrorOf({ SESSION_SECRET_KEY: 'hunter2-short-key' });
    expect(message).toBe('Invalid configuration: SESSION_SECRET_KEY=(hidden): use at least 32 characters (`openssl rand -base64 32`)');
    expect(message).not.toContain('hunter2');
    expect(loadConfig({ SESSION_SECRET_KEY: KEY }).SESSION_SECRET_KEY).toBe(KEY);
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
});
