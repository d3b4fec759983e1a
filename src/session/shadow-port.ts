/** Where shadow runs keep their state: keys of their own, each expiring like a session (`infra/redis-shadow-store.ts`). */
export interface ShadowStore {
  load(key: string): Promise<string | undefined>;
  save(key: string, value: string, ttlSeconds: number): Promise<void>;
  remove(key: string): Promise<void>;
}

/** What a shadow run found: the spec's three results; `stopped` and `skipped` compare nothing and are not counted as comparisons. */
export type ShadowResult = 'match' | 'mismatch' | 'error';

/** Counts what shadow runs found (`ussd_shadow_comparisons_total`) and the runs dropped under load. */
export interface ShadowResults {
  compared(menu: string, result: ShadowResult): void;
  dropped(menu: string): void;
}
