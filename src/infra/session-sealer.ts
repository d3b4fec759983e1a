import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Value } from '../menu/expressions/index.js';
import { SEALED_PREFIX, UnsealableError, type Sealer } from '../session/sealer.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Token length in base64url characters: 132 bits of HMAC-SHA-256, plenty to tell inputs apart. */
const TOKEN_CHARS = 22;

interface Keys {
  seal: Buffer;
  token: Buffer;
}

/** The two keys of one secret, derived with HKDF-SHA-256 so neither use can stand in for the other. */
function keysOf(secret: string | Buffer): Keys {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', ikm, 'ussd-engine', info, 32));
  return { seal: derive('session values v1'), token: derive('input tokens v1') };
}

/**
 * AES-256-GCM for sealed values (a random 96-bit nonce each, the tag checked on opening) and
 * HMAC-SHA-256 for input tokens. A sealed value is `~1.` + base64url(nonce, ciphertext, tag) of
 * its JSON. With `previous` (while SESSION_SECRET_KEY is rotated), values and tokens made under
 * it are still read; everything new is made under `secret`.
 */
export function createSessionSealer(secret: string | Buffer, previous?: string | Buffer): Sealer {
  const current = keysOf(secret);
  const readable = previous === undefined ? [current] : [current, keysOf(previous)];
  const tokenUnder = (keys: Keys, input: string) => `~${createHmac('sha256', keys.token).update(input, 'utf8').digest('base64url').slice(0, TOKEN_CHARS)}`;
  return {
    seal(value: Value): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.seal, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed: string): Value {
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
      if (!sealed.startsWith(SEALED_PREFIX) || raw.length < IV_BYTES + TAG_BYTES) throw new UnsealableError();
      for (const keys of readable) {
        const text = openWith(keys.seal, raw);
        if (text !== undefined) return JSON.parse(text) as Value;
      }
      throw new UnsealableError();
    },
    token: (input) => tokenUnder(current, input),
    isTokenOf: (token, input) => readable.some((keys) => tokenUnder(keys, input) === token),
  };
}

/** The plaintext of a sealed value's bytes under `key`; undefined when the tag does not check (another key, or altered). */
function openWith(key: Buffer, raw: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A sealer whose key dies with the process: nothing it sealed can be opened anywhere else. */
export function throwawaySealer(): Sealer {
  return createSessionSealer(randomBytes(32));
}

/**
 * The sealer of SESSION_SECRET_KEY (and SESSION_SECRET_KEY_PREVIOUS while it is rotated). Unset (only outside production: `main.ts` refuses to start a
 * web replica without it there): a throwaway key, said once in the log, never the key itself.
 */
export function sessionSealer(config: Pick<Config, 'SESSION_SECRET_KEY' | 'SESSION_SECRET_KEY_PREVIOUS'>, log: { warn(message: string): void }): Sealer {
  if (config.SESSION_SECRET_KEY !== undefined) return createSessionSealer(config.SESSION_SECRET_KEY, config.SESSION_SECRET_KEY_PREVIOUS);
  log.warn(
    'SESSION_SECRET_KEY is not set: sensitive inputs are sealed with a throwaway key made for this process (a session holding one does not survive a restart or move to another replica); set SESSION_SECRET_KEY, the same on every replica (`openssl rand -base64 32`)',
  );
  return throwawaySealer();
}
