import type { PlannedEffect } from './planned-effect.js';
import type { EndedRecord, SessionRecord } from './record.js';

/**
 * Where sessions and profiles live (the port the use case sees). Adapters: the Redis store
 * (`infra/redis-session-store.ts`), wrapped in production by a caching and a metering store; an
 * in-memory store for the terminal simulator.
 */
export interface SessionStore {
  /** What is stored under `key` now. `nowSeconds` is the caller's clock (records keep their time relative to it). */
  load(key: string, nowSeconds?: number): Promise<SessionRecord | undefined>;
  /**
   * The session to step a hop from. It may be a record that only `save`'s compare-and-set
   * confirms (a store may answer from what it wrote itself); a record the hop would answer from
   * without storing goes through `confirm` first.
   */
  recall(key: string, nowSeconds: number): Promise<SessionRecord | undefined>;
  /** `record` (from `recall`) if it was read from what is stored, else what is stored now. */
  confirm(key: string, record: SessionRecord | undefined, nowSeconds: number): Promise<SessionRecord | undefined>;
  /**
   * Writes `record` only if the stored record is still exactly `expected`, a record this store
   * returned (`undefined`: none stored). When another request got there first, resolves with what
   * is stored now, read in the same round trip, and writes nothing else. With the record go
   * `options.effects` (into the session's outbox, atomically: stored together with the record, or
   * not at all) and `options.sides`, the hop's writes to other keys: only when the record is
   * stored (atomically on one Redis server; on a Cluster, after it). With `options.deadline`, a
   * write that reaches the store too late to be answered is refused: see `HopDeadline`.
   */
  save(key: string, record: SessionRecord, expected: SessionRecord | undefined, ttlSeconds: number, options?: SaveOptions): Promise<true | Conflict>;
  loadProfile(menuId: string, msisdn: string, fields: readonly string[]): Promise<Record<string, string>>;
  saveProfile(menuId: string, msisdn: string, values: Record<string, string | number>): Promise<void>;
  /** Removes `record`, stored under `key` (its state was carried over to a new session). */
  remove(key: string, record: SessionRecord): Promise<void>;
  /** The key of the caller's session that may be resumed, if one was noted. */
  loadResumePointer(menuId: string, msisdn: string): Promise<string | undefined>;
  saveResumePointer(menuId: string, msisdn: string, sessionKey: string, ttlSeconds: number): Promise<void>;
  /** Forgets the pointer, if it still names `sessionKey` (a newer session may have taken it over). */
  clearResumePointer(menuId: string, msisdn: string, sessionKey: string): Promise<void>;
  /**
   * The second a dial of session `key` in the last `windowMs` noted, else `second`, noted for the
   * next `windowMs`: copies of one dial in flight at once (either side of a second) share one.
   */
  dialSecond(key: string, second: number, windowMs: number): Promise<number>;
}

export interface SaveOptions {
  effects?: readonly PlannedEffect[];
  /** The caller's clock, as for `load`. */
  nowSeconds?: number;
  deadline?: HopDeadline;
  sides?: readonly SideWrite[];
  /**
   * Effect ids an earlier write of this session put into its outbox, removed with this write: a
   * hop stored in time whose caller was answered busy all the same is taken back (`takeBack`).
   */
  revokes?: readonly string[];
}

/**
 * A hop's write to a key beside its session's (the caller's profile and resume pointer, a session
 * whose state it took over), made only by the hop whose record is stored: a request that lost
 * the compare-and-set must not leave its answer in the caller's profile.
 */
export type SideWrite =
  | { kind: 'profile'; menuId: string; msisdn: string; values: Record<string, string | number> }
  | { kind: 'pointer'; menuId: string; msisdn: string; sessionKey: string; ttlSeconds: number }
  | { kind: 'clear-pointer'; menuId: string; msisdn: string; sessionKey: string }
  | { kind: 'remove'; key: string; record: SessionRecord };

/**
 * A hop's write must never be stored once its caller has been told the service is busy (the
 * deadline guard answered, or the write's own command timed out): the store compares the time it
 * runs the write, by its own clock, with the earlier of `answerBy` and the command's timeout, less
 * a margin for the reply's way back. Too late, it stores `told` (what the caller was answered)
 * instead of the hop, with no effects and no side writes, and rejects with `LateWriteError`.
 * docs/adr/deadline-in-script.md.
 */
export interface HopDeadline {
  /** Milliseconds since the epoch (this process's clock) when the caller is answered busy; Infinity: no guard. */
  answerBy: number;
  /** The record of what the caller is answered instead (the menu's `unavailable` END). */
  told: EndedRecord;
  toldTtlSeconds: number;
}

/**
 * The bytes each record a store handed out was read from (or stored as): its compare-and-set compares them
 * with what is stored, so a record can only be replaced by a hop stepped from exactly it.
 *
 * Kept on the record itself, under a symbol of this store's own, as a hidden property: invisible to
 * equality checks and to `{ ...record }` (a copy is a record no store handed out), and cheaper than a
 * WeakMap entry, whose table churns with every record of every hop.
 */
export class ReadFrom {
  private readonly raw = Symbol('read from');

  note(record: SessionRecord, raw: string): SessionRecord {
    Object.defineProperty(record, this.raw, { value: raw, writable: true, configurable: true });
    return record;
  }

  rawOf(record: SessionRecord): string | undefined {
    return (record as SessionRecord & Partial<Record<symbol, string>>)[this.raw];
  }

  /** What `expected` was read from or written as; '' for none stored. */
  bytesOf(key: string, expected: SessionRecord | undefined): string {
    if (expected === undefined) return '';
    const raw = this.rawOf(expected);
    if (raw === undefined) throw new Error(`compare-and-set on ${key} against a record this store did not hand out`);
    return raw;
  }
}

/** A compare-and-set that lost: what the session holds now (`undefined`: nothing). */
export interface Conflict {
  current: SessionRecord | undefined;
  /**
   * The expected record (from `recall`) was already out of date when it was handed out: losing
   * says nothing about a request racing this one, and `current` is as good as a first read.
   */
  outdated: boolean;
}

/** The store could not be reached or failed a command: classified once here, counted and answered upstream. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`session store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** The store ran a hop's write after its deadline and refused it (`HopDeadline`). */
export class LateWriteError extends StoreUnavailableError {
  constructor(
    /** `told` replaced the record the hop stepped from (false: another write had replaced it first). */
    readonly toldStored: boolean,
  ) {
    super(new Error("the hop's write reached the store after its caller was answered busy: refused"));
    this.name = 'LateWriteError';
  }
}
