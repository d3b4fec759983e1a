import { createHash } from 'node:crypto';
import type { Result } from 'ioredis';
import type { RedisClient } from '../infra/redis.js';
import { setTimeoutAfterIo } from '../infra/timer-after-io.js';

/** Answers above this are served but not cached: the cache holds small lookups (prices, names). */
export const MAX_CACHED_BYTES = 16 * 1024;

/**
 * Stores one answer unless its source already holds `max` live entries. KEYS: the source's index
 * (a sorted set of its entry keys by expiry, in ms of Redis's clock), the entry. ARGV: body,
 * seconds, max. Expired entries leave the index first; the index itself expires with its last
 * entry. Returns 1 when stored, 0 when the source is full.
 */
const PUT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], KEYS[2]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
local ms = tonumber(ARGV[2]) * 1000
redis.call('SET', KEYS[2], ARGV[1], 'PX', ms)
redis.call('ZADD', KEYS[1], now + ms, KEYS[2])
if redis.call('PTTL', KEYS[1]) < ms then redis.call('PEXPIRE', KEYS[1], ms) end
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    ussdCachePut(index: string, entry: string, body: string, seconds: number, max: number): Result<number, Context>;
  }
}

/** The part of a cache key that names where a source points (its resolved URL): worked out once per source. */
export function cachePlace(url: string): string {
  return createHash('sha256').update(url).digest('base64url').slice(0, 8);
}

/** A cached answer: its status and its body as received. */
export interface CachedAnswer {
  status: number;
  text: string;
}

/**
 * 2xx GET answers of sources with `cacheSeconds`, in Redis so every replica shares them. Each entry
 * is the status and the body as received (`201 {…}`, at most 16 KB) under
 * `<prefix>:source:{<menu>.<source>}:<where>:<path?query>`, `<where>` a short hash of the source's
 * resolved URL (two versions of a menu, or replicas mid-way through a settings change, may point
 * one source at two places), expiring after `cacheSeconds` (at most a day). A source holds at most `maxEntries` live entries
 * (`CACHE_MAX_ENTRIES_PER_SOURCE`): a path per caller cannot grow the cache with the callers, and
 * answers past the bound are served uncached until entries expire. A Redis failure is a miss,
 * never an error for the caller.
 */
export class SourceCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly maxEntries: number,
  ) {
    if (typeof redis.ussdCachePut !== 'function') redis.defineCommand('ussdCachePut', { numberOfKeys: 2, lua: PUT_LUA });
  }

  /** Where the answer to `target` of source `label` is kept, and the index of that source's entries (same hash tag: one slot). */
  /** `place`: the source's `cachePlace`. */
  slot(label: string, place: string, target: string): CacheSlot {
    return { key: `${this.prefix}:source:{${label}}:${place}:${target}`, index: `${this.prefix}:sources:{${label}}` };
  }

  /**
   * The answer kept for `slot`, if any (an entry of an older layout, without its status, is a miss).
   * No answer within `withinMs` is a miss too: the web client's command timeout may be longer than
   * what is left of the hop, and a stalled read must leave the source time to answer.
   */
  async get(slot: CacheSlot, withinMs = Infinity): Promise<CachedAnswer | undefined> {
    const read = this.redis.get(slot.key).catch(() => null);
    const entry = withinMs === Infinity ? await read : await orNull(read, withinMs);
    const m = entry === null ? null : /^(\d{3}) ([\s\S]*)$/.exec(entry);
    return m ? { status: Number(m[1]), text: m[2] ?? '' } : undefined;
  }

  /** Resolves to whether the answer was kept; callers need not wait (the reply never does). */
  put(slot: CacheSlot, answer: CachedAnswer, seconds: number): Promise<boolean> {
    if (Buffer.byteLength(answer.text) > MAX_CACHED_BYTES) return Promise.resolve(false);
    return this.redis.ussdCachePut(slot.index, slot.key, `${answer.status} ${answer.text}`, seconds, this.maxEntries).then((stored) => stored === 1, () => false);
  }
}

export interface CacheSlot {
  key: string;
  index: string;
}

/** `read`, or null if it has not settled within `ms` (a reply already received is read first). */
async function orNull(read: Promise<string | null>, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeoutAfterIo(() => resolve(null), Math.max(0, ms))));
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}
