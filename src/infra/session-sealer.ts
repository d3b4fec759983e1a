import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Value } from '../menu/expressions/index.js';
import { SEALED_PREFIX, UnsealableError, type Sealer } from '../session/sealer.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Token length in base64url characters: 132 bits of HMAC-SHA-256, plenty to tell inputs apart. */
const TOKEN_CHARS = 22;

/**
 * AES-256-GCM for sealed values (a random 96-bit nonce each, the tag checked on opening) and
 * HMAC-SHA-256 for input tokens, under two keys derived from the secret with HKDF-SHA-256, so
 * neither use can stand in for the other. A sealed value is `~1.` + base64url(nonce, ciphertext, tag)
 * of its JSON.
 */
export function createSessionSealer(secret: string | Buffer): Sealer {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', ikm, 'ussd-engine', info, 32));
  const sealKey = derive('session values v1');
  const tokenKey = derive('input tokens v1');
  return {
    seal(value: Value): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed: string): Value {
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
      if (!sealed.startsWith(SEALED_PREFIX) || raw.length < IV_BYTES + TAG_BYTES) throw new UnsealableError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
        return JSON.parse(text) as Value;
      } catch {
        throw new UnsealableError();
      }
    },
    token(input: string): string {
      return `~${createHmac('sha256', tokenKey).update(input, 'utf8').digest('base64url').slice(0, TOKEN_CHARS)}`;
    },
  };
}

/** A sealer whose key dies with the process: nothing it sealed can be opened anywhere else. */
export function throwawaySealer(): Sealer {
  return createSessionSealer(randomBytes(32));
}

/**
 * The sealer of SESSION_SECRET_KEY. Unset (only outside production: `main.ts` refuses to start a
 * web replica without it there): a throwaway key, said once in the log, never the key itself.
 */
export function sessionSealer(config: Pick<Config, 'SESSION_SECRET_KEY'>, log: { warn(message: string): void }): Sealer {
  if (config.SESSION_SECRET_KEY !== undefined) return createSessionSealer(config.SESSION_SECRET_KEY);
  log.warn(
    'SESSION_SECRET_KEY is not set: sensitive inputs are sealed with a throwaway key made for this process (a session holding one does not survive a restart or move to another replica); set SESSION_SECRET_KEY, the same on every replica (`openssl rand -base64 32`)',
  );
  return throwawaySealer();
}
