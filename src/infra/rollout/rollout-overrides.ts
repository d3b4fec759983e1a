import type { Result } from 'ioredis';
import { z } from 'zod';
import type { Rollout } from '../../menu/schema.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';

/** A `PUT /admin/menus/<id>/rollout` body: any subset of the file's `rollout`. */
export const RolloutOverrideSchema = z
  .object({
    share: z.number().int().min(0).max(100),
    allow: z.array(z.string().regex(/^\+\d{6,15}$/, 'an E.164 number such as +254711000111')).max(10_000),
    shadow: z.boolean(),
  })
  .partial()
  .strict();
export type RolloutOverride = z.infer<typeof RolloutOverrideSchema>;

/** The rollout in force for a menu, and where it came from. */
export interface RolloutInForce extends Rollout {
  from: 'file' | 'override' | 'default';
}

export const DEFAULT_ROLLOUT: Rollout = { share: 100, allow: [], shadow: false };

/**
 * Lays the override ARGV[2] (JSON) over field ARGV[1] of hash KEYS[1] in one step, so changes made
 * at the same moment on any replica each land whole, none refused. Written out field by field:
 * Redis's cjson would turn an empty `allow` into `{}`. Returns what the field now holds.
 */
const MERGE_LUA = `
local merged = {}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local ok, old = pcall(cjson.decode, raw)
  if ok and type(old) == 'table' then merged = old end
end
for k, v in pairs(cjson.decode(ARGV[2])) do merged[k] = v end
local parts = {}
if type(merged.share) == 'number' then parts[#parts + 1] = '"share":' .. string.format('%d', merged.share) end
if type(merged.allow) == 'table' then
  local numbers = {}
  for i, n in ipairs(merged.allow) do numbers[i] = cjson.encode(n) end
  parts[#parts + 1] = '"allow":[' .. table.concat(numbers, ',') .. ']'
end
if type(merged.shadow) == 'boolean' then parts[#parts + 1] = '"shadow":' .. tostring(merged.shadow) end
local json = '{' .. table.concat(parts, ',') .. '}'
redis.call('HSET', KEYS[1], ARGV[1], json)
return json
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    ussdRolloutMerge(key: string, menuId: string, override: string): Result<string, Context>;
  }
}

/**
 * Operators' rollout overrides: a Redis hash (`<prefix>:rollout`, menu id → JSON) every replica
 * holds in memory, so a dial's decision costs no round trip. A change is published on the channel
 * of the same name; each replica reads the one field again when it hears it (pub/sub is
 * fire-and-forget, so the message only says which menu; the hash is the truth), and reads the
 * whole hash again after its subscriber reconnects, in case it missed one.
 */
export class RolloutOverrides {
  private readonly byMenu = new Map<string, RolloutOverride>();
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    /** A connection of its own (a subscribed connection takes no other command) that queues and retries while Redis is away. */
    private readonly subscriber: RedisClient,
    keyPrefix: string,
    private readonly log: Logger,
  ) {
    this.key = `${keyPrefix}:rollout`;
    if (typeof redis.ussdRolloutMerge !== 'function') redis.defineCommand('ussdRolloutMerge', { numberOfKeys: 1, lua: MERGE_LUA });
  }

  async start(): Promise<void> {
    const sub = this.subscriber;
    sub.on('error', () => undefined);
    sub.on('message', (_channel: string, menuId: string) => void this.reload(menuId));
    sub.on('ready', () => void this.reloadAll());
    await sub.subscribe(this.key);
    await this.reloadAll();
  }

  get(menuId: string): RolloutOverride | undefined {
    return this.byMenu.get(menuId);
  }

  /** The file's rollout with the override laid over it. */
  inForce(menuId: string, file: Rollout | undefined): RolloutInForce {
    const over = this.byMenu.get(menuId);
    if (over) return { ...(file ?? DEFAULT_ROLLOUT), ...over, from: 'override' };
    return { ...(file ?? DEFAULT_ROLLOUT), from: file ? 'file' : 'default' };
  }

  /**
   * Lays `override` over what Redis holds for the menu (not over this replica's copy, which may lag
   * a change made elsewhere), in one script, so two changes at once both count.
   */
  async set(menuId: string, override: RolloutOverride): Promise<RolloutOverride> {
    const merged = this.parse(await this.redis.ussdRolloutMerge(this.key, menuId, JSON.stringify(override))) ?? override;
    this.byMenu.set(menuId, merged);
    await this.redis.publish(this.key, menuId);
    return merged;
  }

  async clear(menuId: string): Promise<boolean> {
    const removed = await this.redis.hdel(this.key, menuId);
    this.byMenu.delete(menuId);
    await this.redis.publish(this.key, menuId);
    return removed > 0;
  }

  private async reload(menuId: string): Promise<void> {
    try {
      const raw = await this.redis.hget(this.key, menuId);
      this.apply(menuId, raw);
    } catch (err) {
      this.log.warn({ menu: menuId, err: (err as Error).message }, 'could not read a rollout override');
    }
  }

  private async reloadAll(): Promise<void> {
    try {
      const all = await this.redis.hgetall(this.key);
      for (const id of this.byMenu.keys()) if (!(id in all)) this.byMenu.delete(id);
      for (const [id, raw] of Object.entries(all)) this.apply(id, raw);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read the rollout overrides');
    }
  }

  private apply(menuId: string, raw: string | null): void {
    const parsed = this.parse(raw);
    if (parsed) this.byMenu.set(menuId, parsed);
    else this.byMenu.delete(menuId);
  }

  private parse(raw: string | null): RolloutOverride | undefined {
    const parsed = raw === null ? undefined : RolloutOverrideSchema.safeParse(JSON.parse(raw));
    return parsed?.success ? parsed.data : undefined;
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
