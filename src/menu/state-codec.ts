import type { Value } from './expressions/index.js';
import { TOO_MANY, type Ctx, type MenuModel, type Vars } from './model.js';

/**
 * A session's machine state, packed against one menu version's tables: the screen as its index,
 * the back stack as a string of indexes, variables by position, profile fields by position.
 * Redis holds millions of these, so every byte counts (bench/RESULTS.md); a given version always
 * packs and unpacks the same way, and a session never changes version.
 */
export interface StateCodec {
  /** `[state, stack, vars, attempts, page, error, profile]` with trailing defaults left out. */
  pack(state: string, ctx: Ctx): unknown[];
  unpack(packed: readonly unknown[]): { state: string; ctx: Ctx };
  /** The variables a store seals before packing (the menu's sensitive ones). */
  readonly sensitive: readonly string[];
}

export function createStateCodec(model: MenuModel): StateCodec {
  const screens = [...model.screens.keys(), TOO_MANY];
  const screenIndex = new Map(screens.map((id, i) => [id, i]));
  const narrow = screens.length <= 36; // one base-36 character per screen on the back stack
  const vars = variableTable(model);
  const varIndex = new Map(vars.map((name, i) => [name, i]));
  const profile = model.profileReads;

  const indexOf = (id: string) => {
    const i = screenIndex.get(id);
    if (i === undefined) throw new Error(`screen "${id}" is not in menu ${model.menu.id}`);
    return i;
  };

  return {
    sensitive: vars.filter((name) => model.sensitive.has(name)),
    pack(state, ctx) {
      // Written as loops: this runs on every stored hop.
      const packedVars: (Value | null)[] = [];
      for (const name in ctx.vars) {
        const i = varIndex.get(name);
        if (i === undefined) throw new Error(`variable "${name}" is not in menu ${model.menu.id}`);
        while (packedVars.length < i) packedVars.push(null);
        packedVars[i] = ctx.vars[name] ?? null;
      }
      const packedProfile = profile.map((f) => ctx.profile[f] ?? null);
      let stack = '';
      for (const id of ctx.history) stack += (narrow || stack === '' ? '' : '.') + indexOf(id).toString(36);
      const fields: unknown[] = [indexOf(state), stack, trimNulls(packedVars), ctx.attempts, ctx.page, ctx.error, trimNulls(packedProfile)];
      // Trailing defaults are left out: '' stack, no variables, 0 attempts, page and error, no profile.
      let end = fields.length;
      while (end > 1 && isDefault(fields[end - 1])) end--;
      fields.length = end;
      return fields;
    },
    unpack(packed) {
      const [s, stack = '', packedVars = [], attempts = 0, page = 0, error = 0, packedProfile = []] = packed as [number, string, (Value | null)[], number, number, 0 | 1, (string | null)[]];
      const state = screens[s];
      if (state === undefined) throw new Error(`screen index ${s} is not in menu ${model.menu.id}`);
      const ctxVars: Vars = {};
      for (let i = 0; i < packedVars.length; i++) {
        const value = packedVars[i];
        const name = vars[i];
        if (value !== null && value !== undefined && name !== undefined) ctxVars[name] = value;
      }
      const ctxProfile: Record<string, string> = {};
      for (let i = 0; i < packedProfile.length; i++) {
        const value = packedProfile[i];
        const name = profile[i];
        if (value !== null && value !== undefined && name !== undefined) ctxProfile[name] = value;
      }
      const history: string[] = [];
      for (const c of stack === '' ? [] : narrow ? stack : stack.split('.')) {
        const id = screens[parseInt(c, 36)];
        if (id === undefined) throw new Error(`back stack entry ${c} is not in menu ${model.menu.id}`);
        history.push(id);
      }
      return { state, ctx: { vars: ctxVars, history, attempts, page, error, profile: ctxProfile } };
    },
  };
}

/** A field at its default: the empty stack, an empty list, zero. */
function isDefault(field: unknown): boolean {
  return field === '' || field === 0 || (Array.isArray(field) && field.length === 0);
}

/** `a` without its trailing nulls (a variable or profile field never set is stored as nothing). */
function trimNulls<T>(a: (T | null)[]): (T | null)[] {
  let end = a.length;
  while (end > 0 && a[end - 1] === null) end--;
  a.length = end;
  return a;
}

/**
 * Every variable a session of this menu can hold, in the order they first appear in the file,
 * with `lang` last (and `serviceCode`, when kept, first). Variables only come from a screen's or an option's `set`,
 * a screen's `save`, question screens and the kept `serviceCode`, so the table is complete.
 */
function variableTable(model: MenuModel): string[] {
  const names = new Set<string>();
  const add = (name: string) => names.add(name);
  const addSet = (x: { set?: Record<string, unknown> }) => Object.keys(x.set ?? {}).forEach(add);
  for (const [id, s] of Object.entries(model.menu.screens)) {
    if ('save' in s && s.save !== undefined) add(s.save);
    if ('set' in s) addSet(s);
    if ('options' in s) s.options.forEach(addSet);
    if (s.type === 'question') {
      add('score');
      add(`answers.${id}`);
    }
  }
  for (const sc of Object.values(model.menu.shortcuts ?? {})) addSet(sc);
  names.delete('lang');
  // Kept from the dial on, so first: it never leaves a run of empty slots before it.
  if (model.keepsServiceCode) return ['serviceCode', ...[...names].filter((n) => n !== 'serviceCode'), 'lang'];
  return [...names, 'lang'];
}
