import type { Result } from 'ioredis';
import type { RedisClient } from '../infra/redis.js';
import { profileKey } from './keys.js';
import { decodeRecord, encodeRecord, type SessionRecord } from './record.js';
import { StoreUnavailableError, type SessionStore } from './session-store.js';

/**
 * Compare-and-set on the hop number at the head of the stored record. One key, one slot.
 * KEYS[1] session; ARGV: expected hop ('' = none stored), record, ttl seconds.
 */
const CAS_LUA = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if cur then return 0 end
elseif not cur or string.match(cur, '^%[(%d+)') ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    ussdCas(key: string, expectedHop: string, record: string, ttlSeconds: number): Result<number, Context>;
  }
}

/** Works on a standalone Redis and on a Cluster: every command names one key. */
export class RedisSessionStore implements SessionStore {
  constructor(private readonly redis: RedisClient) {
    if (typeof redis.ussdCas !== 'function') redis.defineCommand('ussdCas', { numberOfKeys: 1, lua: CAS_LUA });
  }

  async load(key: string): Promise<SessionRecord | undefined> {
    let raw: string | null;
    try {
      raw = await this.redis.get(key);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
    return raw === null ? undefined : decodeRecord(raw);
  }

  async save(key: string, record: SessionRecord, expectedHop: number | undefined, ttlSeconds: number): Promise<boolean> {
    try {
      return (await this.redis.ussdCas(key, expectedHop === undefined ? '' : String(expectedHop), encodeRecord(record), ttlSeconds)) === 1;
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  async loadProfile(menuId: string, msisdn: string, fields: readonly string[]): Promise<Record<string, string>> {
    if (fields.length === 0) return {};
    let values: (string | null)[];
    try {
      values = await this.redis.hmget(profileKey(menuId, msisdn), ...fields);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
    const out: Record<string, string> = {};
    fields.forEach((f, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) out[f] = v;
    });
    return out;
  }

  async saveProfile(menuId: string, msisdn: string, values: Record<string, string | number>): Promise<void> {
    if (Object.keys(values).length === 0) return;
    try {
      await this.redis.hset(profileKey(menuId, msisdn), values);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }
}
