import type { CompiledMenu } from './engine.js';

/** A dial string resolved to a menu: its code and the extra parts dialled after it. */
export interface Resolved {
  menu: CompiledMenu;
  extra: readonly string[];
}

/** Dial strings remembered with what they resolve to; past this the memory starts afresh (callers choose what they dial). */
const REMEMBERED_DIALS = 1024;

/**
 * The menus this process serves. New sessions get each menu's current version; sessions in
 * flight keep the version they started on, looked up by `version`. A version no longer current
 * is retired: kept while sessions still ask for it, then forgotten (`dropIdle`), so a process
 * whose menus are edited all day does not hold every version it ever compiled.
 */
export class MenuRegistry {
  private readonly versions = new Map<string, CompiledMenu>();
  private readonly current = new Map<string, CompiledMenu>();
  private readonly codes = new Map<string, string>();
  /** `resolve`'s answers since the menus last changed: every hop of most gateways resolves its dial string. */
  private readonly dials = new Map<string, Resolved | undefined>();
  /** Versions held that are no current menu's, with when a hop last asked for each (ms). */
  private readonly retired = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Makes `menu` the current version of its id (and of its service codes). */
  publish(menu: CompiledMenu): void {
    const before = this.current.get(menu.id);
    this.releaseCodes(menu.id);
    this.dials.clear();
    this.versions.set(menu.version, menu);
    this.current.set(menu.id, menu);
    this.retired.delete(menu.version);
    if (before && before.version !== menu.version) this.retired.set(before.version, this.now());
    for (const code of menu.model.menu.serviceCodes) this.codes.set(codeKey(code), menu.id);
  }

  /** Stops new sessions on `id` (its file is gone); sessions pinned to its versions carry on. */
  withdraw(id: string): void {
    const menu = this.current.get(id);
    this.releaseCodes(id);
    this.dials.clear();
    this.current.delete(id);
    if (menu) this.retired.set(menu.version, this.now());
  }

  /** Forgets the codes `id` holds now (a code another menu took over in the same reload stays with it). */
  private releaseCodes(id: string): void {
    for (const code of this.current.get(id)?.model.menu.serviceCodes ?? []) {
      if (this.codes.get(codeKey(code)) === id) this.codes.delete(codeKey(code));
    }
  }

  /** Keeps an old version available to the sessions pinned to it without making it current. */
  remember(menu: CompiledMenu): void {
    this.versions.set(menu.version, menu);
    if (this.current.get(menu.id) !== menu) this.retired.set(menu.version, this.now());
  }

  byVersion(version: string): CompiledMenu | undefined {
    if (this.retired.size > 0 && this.retired.has(version)) this.retired.set(version, this.now());
    return this.versions.get(version);
  }

  /** Whether `version` is in memory; unlike `byVersion`, asking does not keep a retired version. */
  holds(version: string): boolean {
    return this.versions.has(version);
  }

  /**
   * Forgets the retired versions no hop has asked for in `idleMs` (longer than any session record
   * lives after its last hop). Should a session still name one (its hops went to other replicas
   * meanwhile), loading it compiles the version again from its source in Redis (`MenuCatalog.byVersion`).
   */
  dropIdle(idleMs: number): void {
    const cutOff = this.now() - idleMs;
    for (const [version, lastAsked] of this.retired) {
      if (lastAsked > cutOff) continue;
      this.retired.delete(version);
      this.versions.delete(version);
    }
  }

  byId(id: string): CompiledMenu | undefined {
    return this.current.get(id);
  }

  menus(): CompiledMenu[] {
    return [...this.current.values()];
  }

  /** `*384*1*2#` → the menu of the longest registered code it starts with, and `['1', '2']`. */
  resolve(dialled: string): Resolved | undefined {
    if (this.dials.has(dialled)) return this.dials.get(dialled);
    const resolved = this.lookUp(dialled);
    if (this.dials.size >= REMEMBERED_DIALS) this.dials.clear();
    this.dials.set(dialled, resolved);
    return resolved;
  }

  private lookUp(dialled: string): Resolved | undefined {
    const parts = codeKey(dialled).split('*');
    for (let n = parts.length; n > 0; n--) {
      const id = this.codes.get(parts.slice(0, n).join('*'));
      const menu = id === undefined ? undefined : this.current.get(id);
      if (menu) return { menu, extra: parts.slice(n).filter((p) => p !== '') };
    }
    return undefined;
  }
}

/** `*384*1#`, `384*1#` and `384*1` all become `384*1`. */
function codeKey(code: string): string {
  return code.trim().replace(/^\*+/, '').replace(/#+$/, '');
}
