import type { PlannedEffect } from './planned-effect.js';
import type { SessionRecord } from './record.js';

/** Where sessions and profiles live. The Redis adapter is the only implementation; tests use it too. */
export interface SessionStore {
  /** `nowSeconds` is the caller's clock (records keep their time relative to it). */
  load(key: string, nowSeconds?: number): Promise<SessionRecord | undefined>;
  /**
   * Writes `record` only if the stored record is still at `expectedHop` (`undefined`: none stored).
   * Resolves false when another request got there first. `effects` go into the session's outbox
   * in the same atomic write: stored together with the record, or not at all.
   */
  save(key: string, record: SessionRecord, expectedHop: number | undefined, ttlSeconds: number, effects?: readonly PlannedEffect[]): Promise<boolean>;
  loadProfile(menuId: string, msisdn: string, fields: readonly string[]): Promise<Record<string, string>>;
  saveProfile(menuId: string, msisdn: string, values: Record<string, string | number>): Promise<void>;
  /** Removes a session record (its state was carried over to a new session). */
  remove(key: string): Promise<void>;
  /** The key of the caller's session that may be resumed, if one was noted. */
  loadResumePointer(menuId: string, msisdn: string): Promise<string | undefined>;
  saveResumePointer(menuId: string, msisdn: string, sessionKey: string, ttlSeconds: number): Promise<void>;
  /** Forgets the pointer, if it still names `sessionKey` (a newer session may have taken it over). */
  clearResumePointer(menuId: string, msisdn: string, sessionKey: string): Promise<void>;
}

/** The store could not be reached or failed a command: classified once here, counted and answered upstream. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`session store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}
