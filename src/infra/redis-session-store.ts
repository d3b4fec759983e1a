import { Cluster } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../session/keys.js';
import type { StateCodec } from '../menu/state-codec.js';
import { dialKeyOf, outboxKeyOf, profileKey, resumeKey } from '../session/keys.js';
import { encodeOutboxEntry } from '../session/planned-effect.js';
import { decodeRecord, encodeRecord, type SessionRecord, type StateCodecs } from '../session/record.js';
import type { Sealer } from '../session/sealer.js';
import { LateWriteError, ReadFrom, StoreUnavailableError, type Conflict, type SaveOptions, type SessionStore, type SideWrite } from '../session/session-store.js';
import type { RedisClient } from './redis.js';
import type { ClockOffset } from './redis-clock.js';
import { defineSessionScripts, sideCommand } from './session-scripts.js';
import { throwawaySealer } from './session-sealer.js';

/**
 * What the reply of a script run at the deadline needs to come back in before the caller is
 * answered busy: its way over the network, and the error of the measured difference between this
 * host's clock and Redis's (RedisClock). Never more than a fifth of the time a write has left.
 */
const ANSWER_MARGIN_MS = 50;

/** A session store that can hand out again a record it stored, and tell the bytes of any record it handed out (what a caching store needs). */
export interface ByteSessionStore extends SessionStore {
  /**
   * A record this store stored as `raw`, handed out again as if loaded (a copy, so each hand-out is
   * a record of its own): `save` can compare-and-set against it. Records are never changed once
   * made (the machine's steps make new contexts), so the copy can share its parts.
   */
  again(record: SessionRecord, raw: string): SessionRecord;
  /** The bytes `record` (handed out or stored by this store) was read from or written as. */
  bytesOf(record: SessionRecord): string | undefined;
}

export interface RedisSessionStoreOptions {
  /** The deployment's `KEY_PREFIX`, for the profile and resume keys (session keys come prefixed). */
  keyPrefix?: string;
  /** Told of a side write that failed on a Cluster, after its hop was stored (the reply does not wait for it). */
  onSideWriteError?: (err: unknown) => void;
  /** Seals the sessions' sensitive values (SESSION_SECRET_KEY's); without one, a throwaway key: never clear text in Redis. */
  sealer?: Sealer;
  /** How far Redis's clock is ahead of this host's: a write's cut-off is compared with Redis's TIME. */
  clock?: ClockOffset;
}

/**
 * Works on a standalone Redis and on a Cluster, where every command and script stays in one slot. Every
 * Redis failure leaves here as a StoreUnavailableError (counted and answered upstream). Every
 * load reads Redis, so `recall` is `load` and `confirm` has nothing to do.
 */
export class RedisSessionStore implements ByteSessionStore {
  private readonly readFrom = new ReadFrom();
  /** REDIS_COMMAND_TIMEOUT_MS as the client applies it: a write not answered by then is answered busy. */
  private readonly commandTimeoutMs: number;
  /** A Cluster keeps profile and pointer keys on other shards: side writes follow the compare-and-set there. */
  private readonly sharded: boolean;

  private readonly keyPrefix: string;
  private readonly onSideWriteError: (err: unknown) => void;
  private readonly sealer: Sealer;
  private readonly clock: ClockOffset;

  constructor(
    private readonly redis: RedisClient,
    private readonly codecs: StateCodecs,
    options: RedisSessionStoreOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.onSideWriteError = options.onSideWriteError ?? (() => undefined);
    this.sealer = options.sealer ?? throwawaySealer();
    this.clock = options.clock ?? { offsetMs: 0 };
    defineSessionScripts(redis);
    this.sharded = redis instanceof Cluster;
    const client = redis instanceof Cluster ? redis.options.redisOptions : redis.options;
    this.commandTimeoutMs = client?.commandTimeout ?? Infinity;
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

  again(record: SessionRecord, raw: string): SessionRecord {
    return this.readFrom.note({ ...record }, raw);
  }

  bytesOf(record: SessionRecord): string | undefined {
    return this.readFrom.rawOf(record);
  }

  save(key: string, record: SessionRecord, expected: SessionRecord | undefined, ttlSeconds: number, options: SaveOptions = {}): Promise<true | Conflict> {
    const { effects = [], nowSeconds, deadline, sides = [], revokes = [] } = options;
    const was = this.readFrom.bytesOf(key, expected);
    const entries: string[] = [];
    for (const e of effects) entries.push(e.id, encodeOutboxEntry(e, Date.now()));
    const told = deadline ? encodeRecord(deadline.told, undefined) : '';
    // On one server the side writes go into the script: stored with the record, or not at all.
    const inScript = this.sharded ? [] : sides.map((side) => sideCommand(side, this.keyPrefix, this.rawOf));
    const keys = [key, outboxKeyOf(key), ...inScript.map((c) => c.key)];
    const write = (codec: StateCodec | undefined) => {
      const raw = encodeRecord(record, codec, this.sealer);
      const cutOff = this.cutOff(deadline?.answerBy);
      const args = [was, raw, ttlSeconds, cutOff, told, deadline?.toldTtlSeconds ?? 0, entries.length, ...entries, revokes.length, ...revokes, ...inScript.flatMap((c) => c.op)];
      return this.redis.ussdCas(keys.length, ...keys, ...args).then((reply) => {
        if (reply === 1) {
          this.readFrom.note(record, raw);
          if (this.sharded && sides.length > 0) this.writeSides(sides, cutOff);
          return true as const;
        }
        if (reply === 0) return { current: undefined, outdated: false };
        if (reply === -1 || reply === -2) throw new LateWriteError(reply === -1);
        return conflictWith(this.decode(String(reply), nowSeconds));
      }, unavailableError);
    };
    // The session's version was in hand a moment ago, so its codec is too (no fetch on this path).
    const codec = record.ended ? undefined : this.codecs(record.version);
    const store = () => (codec instanceof Promise ? codec.then(write) : write(codec));
    const taken = this.sharded ? sides.find((side) => side.kind === 'remove') : undefined;
    if (!taken) return store();
    return this.takeOver(taken, this.cutOff(deadline?.answerBy)).then((held) => (held ? store() : { current: expected, outdated: false }));
  }

  private readonly rawOf = (record: SessionRecord) => this.readFrom.rawOf(record);

  /**
   * On a Cluster, the session a hop takes over lives on another shard: it is deleted first, only
   * while it still holds what the hop copied; if it does not, nothing of the hop is stored.
   * (Deleted and then the hop's own compare-and-set lost: the taken-over session is gone, and the
   * caller starts afresh; never a session resumed twice.)
   */
  private takeOver(side: SideWrite, cutOff: string): Promise<boolean> {
    const { key, op } = sideCommand(side, this.keyPrefix, this.rawOf);
    return this.redis.ussdSide(key, cutOff, ...op).then((deleted) => deleted === 1, unavailableError);
  }

  /**
   * On a Cluster, the side writes of a stored hop, each to its own shard under the hop's cut-off.
   * The reply does not wait for them (a stalled shard must not turn a stored hop into a busy
   * answer); later commands of this process to the same shard still come after them.
   */
  private writeSides(sides: readonly SideWrite[], cutOff: string): void {
    for (const side of sides) {
      if (side.kind === 'remove') continue; // done before the compare-and-set (takeOver)
      const { key, op } = sideCommand(side, this.keyPrefix, this.rawOf);
      this.redis.ussdSide(key, cutOff, ...op).catch(this.onSideWriteError);
    }
  }

  /**
   * When a write issued now must have run for its reply to reach the caller: before `answerBy` and
   * before its own command timeout, less the margin, on Redis's clock. '' when there is no deadline to keep.
   */
  private cutOff(answerBy: number | undefined): string {
    if (answerBy === undefined) return '';
    const now = Date.now();
    const by = Math.min(answerBy, now + this.commandTimeoutMs);
    if (by === Infinity) return '';
    return String(Math.floor(by - Math.min(ANSWER_MARGIN_MS, Math.max(0, by - now) / 5) + this.clock.offsetMs));
  }

  private decode(raw: string, nowSeconds: number | undefined): SessionRecord | Promise<SessionRecord> {
    const record = decodeRecord(raw, this.codecs, nowSeconds, this.sealer);
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

  async dialSecond(key: string, second: number, windowMs: number): Promise<number> {
    return Number(await unavailable(this.redis.ussdFirstOf(dialKeyOf(key), String(second), windowMs)));
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
