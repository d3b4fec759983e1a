import type { SessionRecord } from '../session/record.js';
import type { Conflict, SessionStore } from '../session/session-store.js';
import type { RecentRecords } from './recent-records.js';
import type { ByteSessionStore } from './redis-session-store.js';
import { SessionStoreWrapper } from './session-store-wrapper.js';

/** A record this process stored, and the bytes it was stored as (what a compare-and-set on it compares). */
export interface RememberedRecord {
  raw: string;
  record: SessionRecord;
}

/**
 * A session store that remembers the records this process stored last
 * (`SESSION_CACHE_SIZE`), so a hop on a session this replica answered last steps from them and
 * goes straight to the compare-and-set: one Redis round trip instead of two. Never trusted on its
 * own: the compare-and-set is on those exact bytes, so a stale entry costs only the lost attempt,
 * whose reply carries what is stored now. Only live records fit for stepping are recalled; an
 * ended, dropped or idle one is read from Redis, as is any record a hop would answer from without
 * storing (`confirm`).
 */
export class CachingSessionStore extends SessionStoreWrapper<ByteSessionStore> {
  /** Records handed out from memory rather than read from Redis, with the time they were handed out. */
  private readonly remembered = new WeakMap<SessionRecord, number>();

  constructor(
    inner: ByteSessionStore,
    private readonly recent: RecentRecords<RememberedRecord>,
    /** SESSION_TTL_SECONDS: a record idle longer has expired, and is answered from Redis. */
    private readonly idleSeconds: number,
    /** DUPLICATE_WINDOW_MS in seconds: no caller answers a screen sooner after it was stored. */
    private readonly windowSeconds = 0,
  ) {
    super(inner);
  }

  override recall(key: string, nowSeconds: number): Promise<SessionRecord | undefined> {
    const remembered = this.recent.get(key);
    if (remembered === undefined || !this.steppable(remembered.record, nowSeconds)) return this.inner.load(key, nowSeconds);
    // Handed out as a copy of its own, as a load would: the time it was handed out is the copy's.
    const record = this.inner.again(remembered.record, remembered.raw);
    this.remembered.set(record, nowSeconds);
    return Promise.resolve(record);
  }

  /** A live record, not dropped and not idle past the session TTL: one a hop may step from without reading Redis. */
  private steppable(record: SessionRecord, nowSeconds: number): boolean {
    return !record.ended && !record.dropped && nowSeconds - record.at <= this.idleSeconds;
  }

  override confirm(key: string, record: SessionRecord | undefined, nowSeconds: number): Promise<SessionRecord | undefined> {
    return record !== undefined && this.remembered.has(record) ? this.inner.load(key, nowSeconds) : Promise.resolve(record);
  }

  override save(...args: Parameters<SessionStore['save']>): Promise<true | Conflict> {
    const [key, record, expected, , options] = args;
    return this.inner.save(...args).then((saved) => {
      if (saved === true) {
        for (const side of options?.sides ?? []) if (side.kind === 'remove') this.recent.delete(side.key);
        const raw = record.ended ? undefined : this.inner.bytesOf(record);
        if (raw === undefined) this.recent.delete(key);
        else this.recent.set(key, { raw, record });
        return saved;
      }
      // What won was written by this process after the record it remembered, or by anyone after that
      // record was handed out (a caller never answers a screen within the duplicate window of its
      // being stored): the two requests were in flight together, so that record was current.
      const remembered = this.recent.get(key);
      const ownWrite = saved.current !== undefined && remembered !== undefined && this.inner.bytesOf(saved.current) === remembered.raw;
      if (!ownWrite) this.recent.delete(key);
      const handedOutAt = expected === undefined ? undefined : this.remembered.get(expected);
      const outdated = handedOutAt !== undefined && !ownWrite && storedBefore(saved.current, handedOutAt - this.windowSeconds);
      return { current: saved.current, outdated };
    }, (err: unknown) => {
      // A write refused as late or lost to a timeout may have changed what is stored.
      this.recent.delete(key);
      throw err;
    });
  }

  override remove(key: string, record: SessionRecord): Promise<void> {
    this.recent.delete(key);
    return this.inner.remove(key, record);
  }
}

/** `current` was already stored at `seconds` (ended and vanished records are never worth a race). */
function storedBefore(current: SessionRecord | undefined, seconds: number): boolean {
  return current === undefined || current.ended || current.at <= seconds;
}
