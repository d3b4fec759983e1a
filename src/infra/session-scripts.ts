import type { Result } from 'ioredis';
import { profileKey, resumeKey } from '../session/keys.js';
import type { SessionRecord } from '../session/record.js';
import type { SideWrite } from '../session/session-store.js';
import type { RedisClient } from './redis.js';

/**
 * The session store's Lua scripts. `late(deadline)`: Redis's own clock (TIME, in ms) is past
 * `deadline` (ms since the epoch; '' for none). A write issued in time but run after its caller
 * was answered busy (Redis stalled, or the deadline guard answered first) is refused here, where
 * it runs: docs/adr/deadline-in-script.md.
 */
const LATE_LUA = `
local function late(deadline)
  if deadline == '' then return false end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(deadline)
end
`;

/**
 * Compare-and-set on the exact bytes the hop was stepped from; with the record, in the same
 * atomic step, the hop's effects into the session's outbox hash and its side writes.
 * KEYS: session, outbox (same hash tag: one slot), then one key per side write (only on a single
 * server: a Cluster gets them separately, see `sideCommand`).
 * ARGV: expected record ('' = none stored), record, ttl seconds, deadline, the record of what a
 * late caller is told and its ttl, the count of outbox arguments, effect id / outbox entry pairs,
 * the count of effect ids to remove from the outbox with the write and those ids, then per side
 * key: `h` count field value… (HSET) | `s` value ttl (SET) | `c` value (delete while it holds
 * value) | `x` value (a session taken over: nothing is stored unless it still holds value; then
 * it is deleted).
 * Returns 1 when stored, else what is stored instead (0: nothing), so the loser retries without
 * reading again; when late, -1 (the told record replaced the expected one) or -2 (something else
 * was stored: left alone), and nothing of the hop is stored.
 */
const CAS_LUA = `${LATE_LUA}
-- A session this hop takes over (op x) must still hold the bytes it was copied from: a hop of its
-- own stored meanwhile (its final answer, say) means the copy is stale, and nothing is stored.
local function taken_over_intact(i)
  for k = 3, #KEYS do
    local op = ARGV[i]
    if op == 'h' then i = i + 2 + tonumber(ARGV[i + 1])
    elseif op == 's' then i = i + 3
    elseif op == 'c' then i = i + 2
    else
      if redis.call('GET', KEYS[k]) ~= ARGV[i + 1] then return false end
      i = i + 2
    end
  end
  return true
end
local cur = redis.call('GET', KEYS[1])
if late(ARGV[4]) then
  if (cur or '') ~= ARGV[1] then return -2 end
  redis.call('SET', KEYS[1], ARGV[5], 'EX', ARGV[6])
  return -1
end
if (cur or '') ~= ARGV[1] then return cur or 0 end
local n = tonumber(ARGV[7])
local r = tonumber(ARGV[8 + n])
local sides = 9 + n + r
if not taken_over_intact(sides) then return cur or 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if n > 0 then redis.call('HSET', KEYS[2], unpack(ARGV, 8, 7 + n)) end
if r > 0 then redis.call('HDEL', KEYS[2], unpack(ARGV, 9 + n, 8 + n + r)) end
local i = sides
for k = 3, #KEYS do
  local op = ARGV[i]
  if op == 'h' then
    local m = tonumber(ARGV[i + 1])
    redis.call('HSET', KEYS[k], unpack(ARGV, i + 2, i + 1 + m))
    i = i + 2 + m
  elseif op == 's' then
    redis.call('SET', KEYS[k], ARGV[i + 1], 'EX', ARGV[i + 2])
    i = i + 3
  elseif op == 'c' then
    if redis.call('GET', KEYS[k]) == ARGV[i + 1] then redis.call('DEL', KEYS[k]) end
    i = i + 2
  else
    redis.call('DEL', KEYS[k])
    i = i + 2
  end
end
return 1
`;

/**
 * One side write on its own key (a Cluster's other shard), refused after the deadline ARGV[1]; ARGV
 * from 2 as in CAS_LUA, `c` and `x` both deleting the key only while it holds the value.
 */
const SIDE_LUA = `${LATE_LUA}
if late(ARGV[1]) then return 0 end
local op = ARGV[2]
if op == 'h' then return redis.call('HSET', KEYS[1], unpack(ARGV, 4)) end
if op == 's' then return redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4]) end
if redis.call('GET', KEYS[1]) == ARGV[3] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Deletes KEYS[1] only while it still holds ARGV[1]. */
const DELETE_IF_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS[1]'s value, or ARGV[1] stored there for ARGV[2] ms when it has none (`SET NX GET` needs Redis 7). */
const FIRST_OF_LUA = `
local first = redis.call('GET', KEYS[1])
if first then return first end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `keyCount` keys, then the arguments (CAS_LUA). */
    ussdCas(keyCount: number, ...keysThenArgs: (string | number)[]): Result<number | string, Context>;
    ussdSide(key: string, deadline: string, ...op: string[]): Result<unknown, Context>;
    ussdDeleteIf(key: string, value: string): Result<number, Context>;
    ussdFirstOf(key: string, value: string, ms: number): Result<string, Context>;
  }
}

export function defineSessionScripts(redis: RedisClient): void {
  if (typeof redis.ussdCas !== 'function') redis.defineCommand('ussdCas', { lua: CAS_LUA });
  if (typeof redis.ussdSide !== 'function') redis.defineCommand('ussdSide', { numberOfKeys: 1, lua: SIDE_LUA });
  if (typeof redis.ussdDeleteIf !== 'function') redis.defineCommand('ussdDeleteIf', { numberOfKeys: 1, lua: DELETE_IF_LUA });
  if (typeof redis.ussdFirstOf !== 'function') redis.defineCommand('ussdFirstOf', { numberOfKeys: 1, lua: FIRST_OF_LUA });
}

/**
 * A side write as the scripts take it: its key and its operation's arguments. `rawOf` gives the
 * bytes a taken-over session was read from (it must still hold them).
 */
export function sideCommand(side: SideWrite, keyPrefix: string, rawOf: (record: SessionRecord) => string | undefined): { key: string; op: string[] } {
  switch (side.kind) {
    case 'profile': {
      const pairs = Object.entries(side.values).flatMap(([field, value]) => [field, String(value)]);
      return { key: profileKey(side.menuId, side.msisdn, keyPrefix), op: ['h', String(pairs.length), ...pairs] };
    }
    case 'pointer':
      return { key: resumeKey(side.menuId, side.msisdn, keyPrefix), op: ['s', side.sessionKey, String(side.ttlSeconds)] };
    case 'clear-pointer':
      return { key: resumeKey(side.menuId, side.msisdn, keyPrefix), op: ['c', side.sessionKey] };
    case 'remove':
      return { key: side.key, op: ['x', rawOf(side.record) ?? ''] };
  }
  return side satisfies never;
}
