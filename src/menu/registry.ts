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
 * flight keep the version they started on, looked up by `version`.
 */
export class MenuRegistry {
  private readonly versions = new Map<string, CompiledMenu>();
  private readonly current = new Map<string, CompiledMenu>();
  private readonly codes = new Map<string, string>();
  /** `resolve`'s answers since the menus last changed: every hop of most gateways resolves its dial string. */
  private readonly dials = new Map<string, Resolved | undefined>();

  /** Makes `menu` the current version of its id (and of its service codes). */
  publish(menu: CompiledMenu): void {
    this.releaseCodes(menu.id);
    this.dials.clear();
    this.versions.set(menu.version, menu);
    this.current.set(menu.id, menu);
    for (const code of menu.model.menu.serviceCodes) this.codes.set(codeKey(code), menu.id);
  }

  /** Stops new sessions on `id` (its file is gone); sessions pinned to its versions carry on. */
  withdraw(id: string): void {
    this.releaseCodes(id);
    this.dials.clear();
    this.current.delete(id);
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
  }

  byVersion(version: string): CompiledMenu | undefined {
    return this.versions.get(version);
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
