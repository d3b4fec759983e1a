import type { Result } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../session/keys.js';
import type { StateCodec } from '../menu/state-codec.js';
import { outboxKeyOf, profileKey, resumeKey } from '../session/keys.js';
import { encodeOutboxEntry, type PlannedEffect } from '../session/planned-effect.js';
import { decodeRecord, encodeRecord, type SessionRecord, type StateCodecs } from '../session/record.js';
import { ReadFrom, StoreUnavailableError, type Conflict, type SessionStore } from '../session/session-store.js';
import type { RedisClient } from './redis.js';

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

/** A session store that can hand out a record from bytes it wrote (what a caching store keeps). */
export interface ByteSessionStore extends SessionStore {
  /** A record from bytes this store stored, handed out as if loaded: `save` can compare-and-set against it. */
  fromBytes(raw: string, nowSeconds: number): SessionRecord | Promise<SessionRecord>;
  /** The bytes `record` (handed out or stored by this store) was read from or written as. */
  bytesOf(record: SessionRecord): string | undefined;
}

/**
 * Works on a standalone Redis and on a Cluster: every command and script names one key. Every
 * Redis failure leaves here as a StoreUnavailableError (counted and answered upstream). Every
 * load reads Redis, so `recall` is `load` and `confirm` has nothing to do.
 */
export class RedisSessionStore implements ByteSessionStore {
  private readonly readFrom = new ReadFrom();

  constructor(
    private readonly redis: RedisClient,
    private readonly codecs: StateCodecs,
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

  recall(key: string, nowSeconds: number): Promise<SessionRecord | undefined> {
    return this.load(key, nowSeconds);
  }

  confirm(_key: string, record: SessionRecord | undefined): Promise<SessionRecord | undefined> {
    return Promise.resolve(record);
  }

  fromBytes(raw: string, nowSeconds: number): SessionRecord | Promise<SessionRecord> {
    return this.decode(raw, nowSeconds);
  }

  bytesOf(record: SessionRecord): string | undefined {
    return this.readFrom.rawOf(record);
  }

  save(key: string, record: SessionRecord, expected: SessionRecord | undefined, ttlSeconds: number, effects: readonly PlannedEffect[] = [], nowSeconds?: number): Promise<true | Conflict> {
    const was = this.readFrom.bytesOf(key, expected);
    const entries: string[] = [];
    for (const e of effects) entries.push(e.id, encodeOutboxEntry(e, Date.now()));
    const write = (codec: StateCodec | undefined) => {
      const raw = encodeRecord(record, codec);
      return this.redis.ussdCas(key, outboxKeyOf(key), was, raw, ttlSeconds, ...entries).then((reply) => {
        if (reply === 1) {
          this.readFrom.note(record, raw);
          return true as const;
        }
        if (reply === 0) return { current: undefined, outdated: false };
        return conflictWith(this.decode(String(reply), nowSeconds));
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

  async remove(key: string, _record: SessionRecord): Promise<void> {
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

function conflictWith(current: SessionRecord | Promise<SessionRecord>): Conflict | Promise<Conflict> {
  return current instanceof Promise ? current.then((c) => ({ current: c, outdated: false })) : { current, outdated: false };
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
