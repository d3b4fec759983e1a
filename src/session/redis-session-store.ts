import type { Result } from 'ioredis';
import type { RedisClient } from '../infra/redis.js';
import { DEFAULT_KEY_PREFIX, outboxKeyOf, profileKey, resumeKey } from './keys.js';
import { encodeOutboxEntry, type PlannedEffect } from './planned-effect.js';
import type { StateCodec } from '../menu/state-codec.js';
import { decodeRecord, encodeRecord, type SessionRecord, type StateCodecs } from './record.js';
import type { RecentRecords } from './recent-records.js';
import { ReadFrom, StoreUnavailableError, type Conflict, type SessionStore } from './session-store.js';

/**
 * Compare-and-set on the exact bytes the hop was stepped from, plus the hop's effects into the
 * session's outbox hash in the same atomic step. Both keys share the session's hash tag: one slot.
 * KEYS[1] session, KEYS[2] outbox; ARGV: expected record ('' = none stored), record, ttl seconds,
 * then effect id / outbox entry pairs (none for most hops). Returns 1 when stored, else what is
 * stored instead (0: nothing), so the loser retries without reading again.
 */
const CAS_LUA = `
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return cur or 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if #ARGV > 3 then redis.call('HSET', KEYS[2], unpack(ARGV, 4)) end
return 1
`;

/** Deletes KEYS[1] only while it still holds ARGV[1]. */
const DELETE_IF_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    ussdCas(key: string, outboxKey: string, expected: string, record: string, ttlSeconds: number, ...entries: string[]): Result<number | string, Context>;
    ussdDeleteIf(key: string, value: string): Result<number, Context>;
  }
}

/**
 * Works on a standalone Redis and on a Cluster: every command and script names one key. Every
 * Redis failure leaves here as a StoreUnavailableError (counted and answered upstream).
 */
export class RedisSessionStore implements SessionStore {
  private readonly readFrom = new ReadFrom();

  constructor(
    private readonly redis: RedisClient,
    private readonly codecs: StateCodecs,
    /** The records this process stored last (`SESSION_CACHE_SIZE`); none: every hop reads Redis. */
    private readonly recent?: RecentRecords,
    /** The deployment's `KEY_PREFIX`, for the profile and resume keys (session keys come prefixed). */
    private readonly keyPrefix = DEFAULT_KEY_PREFIX,
  ) {
    if (typeof redis.ussdCas !== 'function') redis.defineCommand('ussdCas', { numberOfKeys: 2, lua: CAS_LUA });
    if (typeof redis.ussdDeleteIf !== 'function') redis.defineCommand('ussdDeleteIf', { numberOfKeys: 1, lua: DELETE_IF_LUA });
  }

  // The reply path's calls: plain promise chains (no extra async frames) on purpose.
  load(key: string, nowSeconds?: number): Promise<SessionRecord | undefined> {
    return this.redis.get(key).then((raw) => (raw === null ? undefined : this.decode(raw, nowSeconds)), unavailableError);
  }

  peek(key: string, nowSeconds: number): SessionRecord | undefined {
    const raw = this.recent?.get(key);
    if (raw === undefined) return undefined;
    const record = this.decode(raw, nowSeconds);
    if (!(record instanceof Promise)) return record;
    // A version not at hand (never the case for what this process stored): left to a real load.
    record.catch(() => undefined);
    return undefined;
  }

  save(key: string, record: SessionRecord, expected: SessionRecord | undefined, ttlSeconds: number, effects: readonly PlannedEffect[] = [], nowSeconds?: number): Promise<true | Conflict> {
    const was = this.readFrom.bytesOf(key, expected);
    const entries: string[] = [];
    for (const e of effects) entries.push(e.id, encodeOutboxEntry(e, Date.now()));
    const write = (codec: StateCodec | undefined) => {
      const raw = encodeRecord(record, codec);
      return this.redis.ussdCas(key, outboxKeyOf(key), was, raw, ttlSeconds, ...entries).then((reply) => {
        if (reply === 1) {
          if (record.ended) this.recent?.delete(key);
          else this.recent?.set(key, raw);
          return true as const;
        }
        if (reply === 0) {
          this.recent?.delete(key);
          return { current: undefined, ownWrite: false };
        }
        const current = String(reply);
        const ownWrite = this.recent?.get(key) === current;
        if (!ownWrite) this.recent?.delete(key);
        return conflictWith(this.decode(current, nowSeconds), ownWrite);
      }, unavailableError);
    };
    // The session's version was in hand a moment ago, so its codec is too (no fetch on this path).
    const codec = record.ended ? undefined : this.codecs(record.version);
    return codec instanceof Promise ? codec.then(write) : write(codec);
  }

  private decode(raw: string, nowSeconds: number | undefined): SessionRecord | Promise<SessionRecord> {
    const record = decodeRecord(raw, this.codecs, nowSeconds);
    return record instanceof Promise ? record.then((r) => this.readFrom.note(r, raw)) : this.readFrom.note(record, raw);
  }

  async loadProfile(menuId: string, msisdn: string, fields: readonly string[]): Promise<Record<string, string>> {
    if (fields.length === 0) return {};
    const values = await unavailable(this.redis.hmget(profileKey(menuId, msisdn, this.keyPrefix), ...fields));
    const out: Record<string, string> = {};
    fields.forEach((f, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) out[f] = v;
    });
    return out;
  }

  async saveProfile(menuId: string, msisdn: string, values: Record<string, string | number>): Promise<void> {
    if (Object.keys(values).length > 0) await unavailable(this.redis.hset(profileKey(menuId, msisdn, this.keyPrefix), values));
  }

  async remove(key: string): Promise<void> {
    await unavailable(this.redis.del(key));
  }

  async loadResumePointer(menuId: string, msisdn: string): Promise<string | undefined> {
    return (await unavailable(this.redis.get(resumeKey(menuId, msisdn, this.keyPrefix)))) ?? undefined;
  }

  async saveResumePointer(menuId: string, msisdn: string, sessionKey: string, ttlSeconds: number): Promise<void> {
    await unavailable(this.redis.set(resumeKey(menuId, msisdn, this.keyPrefix), sessionKey, 'EX', ttlSeconds));
  }

  async clearResumePointer(menuId: string, msisdn: string, sessionKey: string): Promise<void> {
    await unavailable(this.redis.ussdDeleteIf(resumeKey(menuId, msisdn, this.keyPrefix), sessionKey));
  }
}

function conflictWith(current: SessionRecord | Promise<SessionRecord>, ownWrite: boolean): Conflict | Promise<Conflict> {
  return current instanceof Promise ? current.then((c) => ({ current: c, ownWrite })) : { current, ownWrite };
}

/** The command's own promise, its rejection classified. */
function unavailableError(err: unknown): never {
  throw new StoreUnavailableError(err);
}

async function unavailable<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch (err) {
    throw new StoreUnavailableError(err);
  }
}
