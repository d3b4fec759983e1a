import type { Value } from '../menu/expressions/index.js';

/**
 * Keeps secrets out of Redis (spec: Sensitive inputs): seals the values of sensitive variables
 * before a session record is stored and opens them when it is loaded, and makes keyed tokens of
 * inputs that must be compared but never kept. The adapter is `infra/session-sealer.ts`
 * (AES-256-GCM and HMAC-SHA-256, keys derived from SESSION_SECRET_KEY, and from
 * SESSION_SECRET_KEY_PREVIOUS for opening and matching only, while the key is rotated).
 */
export interface Sealer {
  /** A string starting with `SEALED_PREFIX`. */
  seal(value: Value): string;
  /** Throws an `UnsealableError` when `sealed` was sealed under none of the keys it holds, or altered. */
  open(sealed: string): Value;
  /** A keyed hash of an input, starting with `~`: the same input gives the same token, and no token gives its input back. */
  token(input: string): string;
  /**
   * `token` is this input's keyed hash under any key the sealer holds (while a key is rotated, a
   * token stored under the old one still matches), compared in constant time.
   */
  matches(input: string, token: string): boolean;
}

/** A sealed value this process cannot open: sealed under another SESSION_SECRET_KEY, or altered. */
export class UnsealableError extends Error {
  constructor() {
    super(
      'a sensitive value of the session cannot be opened: it was sealed under another SESSION_SECRET_KEY (every replica needs the same one; while rotating, the old one as SESSION_SECRET_KEY_PREVIOUS) or altered',
    );
    this.name = 'UnsealableError';
  }
}

/** How every sealed value starts: a value without it was stored before sealing (a rolling deploy) and is read as it is. */
export const SEALED_PREFIX = '~1.';

/** Tokens of this shape are keyed hashes (`Sealer.token`), never an input as typed. */
export const isKeyedToken = (token: string): boolean => token.startsWith('~');
