import type { Predicate } from './conditions.js';
import type { CompiledEffect } from './effect-kinds/effect-kinds.js';
import type { Expression, Value } from './expressions/index.js';
import { listItems, type CompiledList } from './generated-list.js';
import type { InputCheck } from './input-validator.js';
import type { CompiledSource } from './source.js';
import type { Menu, SystemText } from './schema.js';
import type { Lookup, Template } from './template.js';
import type { LocalText } from './texts.js';

export type { CompiledSource };

/** What the caller brings to every step and that is never stored in the session. */
export interface Env {
  msisdn: string;
  /** The code dialled (`serviceCode` in expressions and templates). */
  serviceCode?: string;
  /** `gateway.name` (`africastalking`) and `gateway.network` (as the gateway sends it, or ""). */
  gateway?: { name: string; network: string };
  /** The longest reply the gateway carries, in septets: pages are laid out for the smaller of this and `pageSize`. */
  pageSize?: number;
}

/** The page size a screen is laid out for on this hop's gateway: never over the menu's own. */
export function pageSizeOf(model: MenuModel, env: Pick<Env, 'pageSize'>): number {
  return env.pageSize === undefined ? model.menu.pageSize : Math.min(model.menu.pageSize, env.pageSize);
}

export type Vars = Record<string, Value>;

/** The machine's context: everything a session must keep between hops, and nothing else. */
export interface Ctx {
  /** Session variables (`lang`, `score`, `answers.<id>`, author variables). */
  vars: Vars;
  /** Screens shown before this one, for `back`. */
  history: string[];
  /** Invalid inputs on the current screen. */
  attempts: number;
  /** Page of the current screen. */
  page: number;
  /** 1 when the last input was invalid, so the screen shows its error line. */
  error: 0 | 1;
  /** Profile fields this menu reads, loaded at session start and kept current by profile writes. */
  profile: Record<string, string>;
}

/** A value of `set`/`profile`: a number, a template, or an `=` expression. */
export type CompiledValue = number | Template | Expression;
export type CompiledAssignments = readonly (readonly [name: string, value: CompiledValue])[];

/** What a transition does besides moving: assignments, effects, profile writes. */
export interface Actions {
  set: CompiledAssignments;
  effects: readonly CompiledEffect[];
  profile: CompiledAssignments;
}

export interface CompiledOption extends Actions {
  label: LocalText;
  goto: string;
  when: Predicate | undefined;
}

export interface CompiledFetch {
  kind: 'fetch';
  id: string;
  source: CompiledSource;
  method: 'GET' | 'POST';
  path: Template;
  query: readonly (readonly [name: string, value: Template])[];
  body: CompiledAssignments | undefined;
  /** The request carries a sensitive value (in its path, query or body): never cached. */
  sensitive: boolean;
  /** Evaluated with `response` and `status` in scope: only these variables are kept. */
  set: CompiledAssignments;
  goto: string;
  onError: string;
}

export type CompiledScreen =
  | { kind: 'menu'; id: string; text: LocalText; options: CompiledOption[]; conditional: boolean; list?: CompiledList }
  | ({ kind: 'input'; id: string; text: LocalText; save: string; goto: string; error: LocalText | undefined; accepts: InputCheck; sensitive: boolean } & Actions)
  | { kind: 'question'; id: string; text: LocalText; choices: LocalText[]; answer: number; points: number; goto: string }
  | { kind: 'branch'; id: string; cases: { when: Predicate; goto: string }[]; otherwise: string }
  | ({ kind: 'end'; id: string; text: LocalText } & Actions)
  | { kind: 'handoff'; id: string; path: string }
  | CompiledFetch;

/** The synthetic screen asking whether to resume a dropped session (never a machine state). */
export const RESUME_PROMPT = '@resume';

/** The synthetic final state reached after `maxAttempts` invalid inputs. */
export const TOO_MANY = '@too-many';

export interface MenuModel {
  menu: Menu;
  defaultLang: string;
  screens: ReadonlyMap<string, CompiledScreen>;
  texts: Record<SystemText, LocalText>;
  /** The resume prompt, laid out like a menu: `1. Continue`, `2. Start over`. */
  resumePrompt: Extract<CompiledScreen, { kind: 'menu' }>;
  /** Profile fields read anywhere in the menu (conditions or templates). */
  profileReads: readonly string[];
  /**
   * The menu reads `serviceCode` (or hands off, which extends it): the session keeps the code
   * dialled from its first hop (some gateways send it only then). Other menus store nothing for it.
   */
  keepsServiceCode: boolean;
  /** It reads `serviceCode` itself: the code is kept as dialled; a menu that only hands off keeps its own code, never dial parts. */
  readsServiceCode: boolean;
  /** `start`, and where a branch or fetch at `start` leads without input (`start-screens.ts`). */
  startScreens: ReadonlySet<string>;
  /** Extra dial parts (`1*2`) to the screen they open, with what they set. */
  shortcuts: ReadonlyMap<string, { goto: string; set: CompiledAssignments }>;
  /** The menu's sources by name. */
  sources: ReadonlyMap<string, CompiledSource>;
  /**
   * Variables that hold a secret: what sensitive inputs save, and what is set from it. Sealed
   * before a session is stored, never logged (`sensitive-vars.ts`).
   */
  sensitive: ReadonlySet<string>;
}

/** Resolves a template or condition variable against a session. */
export function lookupIn(ctx: Ctx, env: Env, defaultLang: string): Lookup {
  return (name) => {
    if (name === 'msisdn') return env.msisdn;
    const v = ctx.vars[name];
    if (v !== undefined) return v;
    if (name.startsWith('profile.')) return ctx.profile[name.slice(8)];
    switch (name) {
      case 'lang':
        return defaultLang;
      case 'serviceCode':
        return env.serviceCode ?? '';
      case 'gateway':
        return env.gateway ?? { name: '', network: '' };
      case 'profile':
        return ctx.profile;
      case 'answers':
        return answersOf(ctx.vars);
      default:
        return undefined;
    }
  };
}

/** `answers.<screen id>` variables as one map, for expressions (`answers["math-1"] == 2`). */
function answersOf(vars: Vars): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(vars)) if (k.startsWith('answers.')) out[k.slice(8)] = v;
  return out;
}

/** A `set`/`profile` value now: undefined when its expression failed (the variable stays unset). */
export function valueOf(value: CompiledValue, lookup: Lookup): Value | undefined {
  if (typeof value === 'number') return value;
  return 'render' in value ? value.render(lookup) : value.evaluate(lookup);
}

export function langOf(ctx: Ctx, defaultLang: string): string {
  const lang = ctx.vars.lang;
  return typeof lang === 'string' ? lang : defaultLang;
}

/**
 * `set` over `base`. A variable set to null is unset: a stored session keeps no null apart from
 * unset (state-codec.ts), so a null kept in memory would show the caller one screen and a retry,
 * or another replica, another (`exists`, fallbacks).
 */
export function assignOver(base: Vars, set: Vars): Vars {
  const out = { ...base, ...set };
  for (const name in set) if (set[name] === null) delete out[name];
  return out;
}

/**
 * A `set` now, for `assignOver`: a value whose expression failed is null, so the variable ends up
 * unset (spec: a failure leaves it unset), never holding what an earlier pass set: a caller who
 * goes back and types what the expression cannot read must not see, or be charged, the old total.
 */
export function settle(assignments: CompiledAssignments, lookup: Lookup): Vars {
  const out: Vars = {};
  for (const [name, value] of assignments) out[name] = valueOf(value, lookup) ?? null;
  return out;
}

/** Assignments now, leaving out those whose expression failed (a profile write, a JSON body). */
export function evaluate(assignments: CompiledAssignments, lookup: Lookup): Vars {
  const out: Vars = {};
  for (const [name, value] of assignments) {
    const v = valueOf(value, lookup);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** The items of a menu's generated list now (none when it has no list). */
export function itemsOf(screen: Extract<CompiledScreen, { kind: 'menu' }>, lookup: Lookup): readonly Value[] {
  return screen.list ? listItems(screen.list, lookup) : [];
}

/** The options of a menu screen that are offered now (`when` true), in order. */
export function visibleOptions(screen: Extract<CompiledScreen, { kind: 'menu' }>, lookup: Lookup): readonly CompiledOption[] {
  return screen.conditional ? screen.options.filter((o) => !o.when || o.when(lookup)) : screen.options;
}
