import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import type { Value } from '../menu/expressions/index.js';
import { SEALED_PREFIX, UnsealableError, type Sealer } from '../session/sealer.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Token length in base64url characters: 132 bits of HMAC-SHA-256, plenty to tell inputs apart. */
const TOKEN_CHARS = 22;

/** The two keys HKDF-SHA-256 derives from one secret, one per use, so neither can stand in for the other. */
interface Keys {
  seal: Buffer;
  token: Buffer;
}

function keysOf(secret: string | Buffer): Keys {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', ikm, 'ussd-engine', info, 32));
  return { seal: derive('session values v1'), token: derive('input tokens v1') };
}

/**
 * AES-256-GCM for sealed values (a random 96-bit nonce each, the tag checked on opening) and
 * HMAC-SHA-256 for input tokens. A sealed value is `~1.` + base64url(nonce, ciphertext, tag) of its
 * JSON. Sealing and new tokens always use `secret`; `previous` (the key being rotated out) only
 * opens values and matches tokens made under it, so sessions live during a rotation go on.
 */
export function createSessionSealer(secret: string | Buffer, previous?: string | Buffer): Sealer {
  const current = keysOf(secret);
  const held = previous === undefined ? [current] : [current, keysOf(previous)];
  return {
    seal: (value) => sealUnder(current.seal, value),
    open(sealed: string): Value {
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
      if (!sealed.startsWith(SEALED_PREFIX) || raw.length < IV_BYTES + TAG_BYTES) throw new UnsealableError();
      for (const keys of held) {
        const opened = openUnder(keys.seal, raw);
        if (opened) return opened.value;
      }
      throw new UnsealableError();
    },
    token: (input) => tokenUnder(current.token, input),
    matches(input: string, token: string): boolean {
      const given = Buffer.from(token, 'utf8');
      // Every held key is compared (no early exit), each in constant time.
      return held.map((keys) => sameBytes(Buffer.from(tokenUnder(keys.token, input), 'utf8'), given)).includes(true);
    },
  };
}

function sealUnder(key: Buffer, value: Value): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The value `raw` (nonce, ciphertext, tag) holds, when it was sealed under `key` and not altered. */
function openUnder(key: Buffer, raw: Buffer): { value: Value } | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    return { value: JSON.parse(text) as Value };
  } catch {
    return undefined;
  }
}

function tokenUnder(key: Buffer, input: string): string {
  return `~${createHmac('sha256', key).update(input, 'utf8').digest('base64url').slice(0, TOKEN_CHARS)}`;
}

/** Every keyed token has the same length, so a length mismatch says nothing secret. */
const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** A sealer whose key dies with the process: nothing it sealed can be opened anywhere else. */
export function throwawaySealer(): Sealer {
  return createSessionSealer(randomBytes(32));
}

/**
 * The sealer of SESSION_SECRET_KEY (and SESSION_SECRET_KEY_PREVIOUS, while the key is rotated).
 * Unset (only outside production: `main.ts` refuses to start a web replica without it there): a
 * throwaway key, said once in the log, never the key itself.
 */
export function sessionSealer(config: Pick<Config, 'SESSION_SECRET_KEY' | 'SESSION_SECRET_KEY_PREVIOUS'>, log: { warn(message: string): void }): Sealer {
  if (config.SESSION_SECRET_KEY !== undefined) return createSessionSealer(config.SESSION_SECRET_KEY, config.SESSION_SECRET_KEY_PREVIOUS);
  log.warn(
    'SESSION_SECRET_KEY is not set: sensitive inputs are sealed with a throwaway key made for this process (a session holding one does not survive a restart or move to another replica); set SESSION_SECRET_KEY, the same on every replica (`openssl rand -base64 32`)',
  );
  return throwawaySealer();
}
