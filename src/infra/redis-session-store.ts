import { Cluster, type Result } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../session/keys.js';
import type { StateCodec } from '../menu/state-codec.js';
import { outboxKeyOf, profileKey, resumeKey } from '../session/keys.js';
import { encodeOutboxEntry, type PlannedEffect } from '../session/planned-effect.js';
import { decodeRecord, encodeRecord, type SessionRecord, type StateCodecs } from '../session/record.js';
import { LateWriteError, ReadFrom, StoreUnavailableError, type Conflict, type HopDeadline, type SessionStore } from '../session/session-store.js';
import type { RedisClient } from './redis.js';

/**
 * `late(deadline)`: Redis's own clock (TIME, in ms) is past `deadline` (ms since the epoch; '' for
 * none). A write issued in time but run after its caller was answered busy (Redis stalled, or the
 * deadline guard answered first) is refused here, where it runs: docs/adr/deadline-in-script.md.
 */
const LATE_LUA = `
local function late(deadline)
  if deadline == '' then return false end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(deadline)
end
`;

/**
 * Compare-and-set on the exact bytes the hop was stepped from, plus the hop's effects into the
 * session's outbox hash in the same atomic step. Both keys share the session's hash tag: one slot.
 * KEYS[1] session, KEYS[2] outbox; ARGV: expected record ('' = none stored), record, ttl seconds,
 * deadline, the record of what a late caller is told and its ttl, then effect id / outbox entry
 * pairs (none for most hops). Returns 1 when stored, else what is stored instead (0: nothing), so
 * the loser retries without reading again; when late, -1 (the told record replaced the expected
 * one) or -2 (something else was stored: left alone), and nothing of the hop is stored.
 */
const CAS_LUA = `${LATE_LUA}
local cur = redis.call('GET', KEYS[1])
if late(ARGV[4]) then
  if (cur or '') ~= ARGV[1] then return -2 end
  redis.call('SET', KEYS[1], ARGV[5], 'EX', ARGV[6])
  return -1
end
if (cur or '') ~= ARGV[1] then return cur or 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if #ARGV > 6 then redis.call('HSET', KEYS[2], unpack(ARGV, 7)) end
return 1
`;

/** Deletes KEYS[1] only while it still holds ARGV[1], and not after the deadline ARGV[2]. */
const DELETE_IF_LUA = `${LATE_LUA}
if late(ARGV[2]) then return 0 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** A hop's side writes, each refused after the deadline ARGV[1]: HSET (field/value pairs), SET with a TTL, DEL. */
const HSET_BEFORE_LUA = `${LATE_LUA}
if late(ARGV[1]) then return 0 end
return redis.call('HSET', KEYS[1], unpack(ARGV, 2))
`;
const SET_BEFORE_LUA = `${LATE_LUA}
if late(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;
const DEL_BEFORE_LUA = `${LATE_LUA}
if late(ARGV[1]) then return 0 end
return redis.call('DEL', KEYS[1])
`;

/**
 * What the reply of a script run at the deadline needs to come back in before the caller is
 * answered busy: its way over the network and the difference between this host's clock and
 * Redis's (NTP keeps both to milliseconds). Never more than a fifth of the time a write has left.
 */
const ANSWER_MARGIN_MS = 50;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    ussdCas(key: string, outboxKey: string, expected: string, record: string, ttlSeconds: number, deadline: string, told: string, toldTtl: number, ...entries: string[]): Result<number | string, Context>;
    ussdDeleteIf(key: string, value: string, deadline: string): Result<number, Context>;
    ussdHsetBefore(key: string, deadline: string, ...fieldValues: (string | number)[]): Result<number, Context>;
    ussdSetBefore(key: string, deadline: string, value: string, ttlSeconds: number): Result<number, Context>;
    ussdDelBefore(key: string, deadline: string): Result<number, Context>;
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
  /** REDIS_COMMAND_TIMEOUT_MS as the client applies it: a write not answered by then is answered busy. */
  private readonly commandTimeoutMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly codecs: StateCodecs,
    /** The deployment's `KEY_PREFIX`, for the profile and resume keys (session keys come prefixed). */
    private readonly keyPrefix = DEFAULT_KEY_PREFIX,
  ) {
    if (typeof redis.ussdCas !== 'function') redis.defineCommand('ussdCas', { numberOfKeys: 2, lua: CAS_LUA });
    if (typeof redis.ussdDeleteIf !== 'function') redis.defineCommand('ussdDeleteIf', { numberOfKeys: 1, lua: DELETE_IF_LUA });
    if (typeof redis.ussdHsetBefore !== 'function') redis.defineCommand('ussdHsetBefore', { numberOfKeys: 1, lua: HSET_BEFORE_LUA });
    if (typeof redis.ussdSetBefore !== 'function') redis.defineCommand('ussdSetBefore', { numberOfKeys: 1, lua: SET_BEFORE_LUA });
    if (typeof redis.ussdDelBefore !== 'function') redis.defineCommand('ussdDelBefore', { numberOfKeys: 1, lua: DEL_BEFORE_LUA });
    const options = redis instanceof Cluster ? redis.options.redisOptions : redis.options;
    this.commandTimeoutMs = options?.commandTimeout ?? Infinity;
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

  save(
    key: string,
    record: SessionRecord,
    expected: SessionRecord | undefined,
    ttlSeconds: number,
    effects: readonly PlannedEffect[] = [],
    nowSeconds?: number,
    deadline?: HopDeadline,
  ): Promise<true | Conflict> {
    const was = this.readFrom.bytesOf(key, expected);
    const entries: string[] = [];
    for (const e of effects) entries.push(e.id, encodeOutboxEntry(e, Date.now()));
    const told = deadline ? encodeRecord(deadline.told, undefined) : '';
    const write = (codec: StateCodec | undefined) => {
      const raw = encodeRecord(record, codec);
      const cutOff = this.cutOff(deadline?.answerBy);
      return this.redis.ussdCas(key, outboxKeyOf(key), was, raw, ttlSeconds, cutOff, told, deadline?.toldTtlSeconds ?? 0, ...entries).then((reply) => {
        if (reply === 1) {
          this.readFrom.note(record, raw);
          return true as const;
        }
        if (reply === 0) return { current: undefined, outdated: false };
        if (reply === -1 || reply === -2) throw new LateWriteError(reply === -1);
        return conflictWith(this.decode(String(reply), nowSeconds));
      }, unavailableError);
    };
    // The session's version was in hand a moment ago, so its codec is too (no fetch on this path).
    const codec = record.ended ? undefined : this.codecs(record.version);
    return codec instanceof Promise ? codec.then(write) : write(codec);
  }

  /**
   * When a write issued now must have run for its reply to reach the caller: before `answerBy` and
   * before its own command timeout, less the margin. '' when there is no deadline to keep.
   */
  private cutOff(answerBy: number | undefined): string {
    if (answerBy === undefined) return '';
    const now = Date.now();
    const by = Math.min(answerBy, now + this.commandTimeoutMs);
    if (by === Infinity) return '';
    return String(Math.floor(by - Math.min(ANSWER_MARGIN_MS, Math.max(0, by - now) / 5)));
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

  async saveProfile(menuId: string, msisdn: string, values: Record<string, string | number>, answerBy?: number): Promise<void> {
    const pairs = Object.entries(values).flat();
    if (pairs.length > 0) await unavailable(this.redis.ussdHsetBefore(profileKey(menuId, msisdn, this.keyPrefix), this.cutOff(answerBy), ...pairs));
  }

  async remove(key: string, _record: SessionRecord, answerBy?: number): Promise<void> {
    await unavailable(this.redis.ussdDelBefore(key, this.cutOff(answerBy)));
  }

  async loadResumePointer(menuId: string, msisdn: string): Promise<string | undefined> {
    return (await unavailable(this.redis.get(resumeKey(menuId, msisdn, this.keyPrefix)))) ?? undefined;
  }

  async saveResumePointer(menuId: string, msisdn: string, sessionKey: string, ttlSeconds: number, answerBy?: number): Promise<void> {
    await unavailable(this.redis.ussdSetBefore(resumeKey(menuId, msisdn, this.keyPrefix), this.cutOff(answerBy), sessionKey, ttlSeconds));
  }

  async clearResumePointer(menuId: string, msisdn: string, sessionKey: string, answerBy?: number): Promise<void> {
    await unavailable(this.redis.ussdDeleteIf(resumeKey(menuId, msisdn, this.keyPrefix), sessionKey, this.cutOff(answerBy)));
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
