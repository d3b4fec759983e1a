import { dialKeyOf, profileKey, resumeKey } from './keys.js';
import { decodeRecord, encodeRecord, type SessionRecord, type StateCodecs } from './record.js';
import { ReadFrom, type Conflict, type SaveOptions, type SessionStore, type SideWrite } from './session-store.js';

/**
 * Sessions in this process's memory, with the same compare-and-set and expiry rules as the Redis
 * store. For the terminal simulator (`npm run simulate`), which must run without Redis; the
 * service itself always uses Redis. Pure in-memory work (no I/O), so it lives beside the port.
 */
export class MemorySessionStore implements SessionStore {
  private readonly values = new Map<string, { value: string; until: number }>();
  private readonly profiles = new Map<string, Record<string, string>>();
  private readonly readFrom = new ReadFrom();

  constructor(
    private readonly codecs: StateCodecs,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async load(key: string, nowSeconds?: number): Promise<SessionRecord | undefined> {
    const raw = this.get(key);
    if (raw === undefined) return undefined;
    return this.readFrom.note(await decodeRecord(raw, this.codecs, nowSeconds), raw);
  }

  recall(key: string, nowSeconds: number): Promise<SessionRecord | undefined> {
    return this.load(key, nowSeconds);
  }

  confirm(_key: string, record: SessionRecord | undefined): Promise<SessionRecord | undefined> {
    return Promise.resolve(record);
  }

  async save(key: string, record: SessionRecord, expected: SessionRecord | undefined, ttlSeconds: number, options: SaveOptions = {}): Promise<true | Conflict> {
    if ((this.get(key) ?? '') !== this.readFrom.bytesOf(key, expected)) return { current: await this.load(key, options.nowSeconds), outdated: false };
    this.set(key, encodeRecord(record, record.ended ? undefined : await this.codecs(record.version)), ttlSeconds);
    for (const side of options.sides ?? []) await this.writeSide(side);
    return true;
  }

  private writeSide(side: SideWrite): Promise<void> {
    switch (side.kind) {
      case 'profile':
        return this.saveProfile(side.menuId, side.msisdn, side.values);
      case 'pointer':
        return this.saveResumePointer(side.menuId, side.msisdn, side.sessionKey, side.ttlSeconds);
      case 'clear-pointer':
        return this.clearResumePointer(side.menuId, side.msisdn, side.sessionKey);
      case 'remove':
        return this.remove(side.key, side.record);
    }
    return side satisfies never;
  }

  loadProfile(menuId: string, msisdn: string, fields: readonly string[]): Promise<Record<string, string>> {
    const profile = this.profiles.get(profileKey(menuId, msisdn)) ?? {};
    return Promise.resolve(Object.fromEntries(fields.flatMap((f) => (profile[f] === undefined ? [] : [[f, profile[f]]]))));
  }

  saveProfile(menuId: string, msisdn: string, values: Record<string, string | number>): Promise<void> {
    const key = profileKey(menuId, msisdn);
    this.profiles.set(key, { ...this.profiles.get(key), ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) });
    return Promise.resolve();
  }

  remove(key: string, _record: SessionRecord): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  loadResumePointer(menuId: string, msisdn: string): Promise<string | undefined> {
    return Promise.resolve(this.get(resumeKey(menuId, msisdn)));
  }

  saveResumePointer(menuId: string, msisdn: string, sessionKey: string, ttlSeconds: number): Promise<void> {
    this.set(resumeKey(menuId, msisdn), sessionKey, ttlSeconds);
    return Promise.resolve();
  }

  clearResumePointer(menuId: string, msisdn: string, sessionKey: string): Promise<void> {
    if (this.get(resumeKey(menuId, msisdn)) === sessionKey) this.values.delete(resumeKey(menuId, msisdn));
    return Promise.resolve();
  }

  dialSecond(key: string, second: number, windowMs: number): Promise<number> {
    const first = this.get(dialKeyOf(key));
    if (first !== undefined) return Promise.resolve(Number(first));
    this.set(dialKeyOf(key), String(second), windowMs / 1000);
    return Promise.resolve(second);
  }

  private get(key: string): string | undefined {
    const entry = this.values.get(key);
    if (entry && entry.until <= this.nowMs()) this.values.delete(key);
    return entry && entry.until > this.nowMs() ? entry.value : undefined;
  }

  private set(key: string, value: string, ttlSeconds: number): void {
    this.values.set(key, { value, until: this.nowMs() + ttlSeconds * 1000 });
  }
}
