import type { Predicate } from './conditions.js';
import type { CompiledEffect } from './effect-kinds/effect-kinds.js';
import type { CompiledSource } from './source.js';
import type { Menu, SystemText } from './schema.js';
import type { Lookup, Template } from './template.js';
import type { LocalText } from './texts.js';

export type { CompiledSource };

/** What the caller brings to every step and that is never stored in the session. */
export interface Env {
  msisdn: string;
}

export type Vars = Record<string, string | number>;

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

export type CompiledAssignments = readonly (readonly [name: string, value: Template | number])[];

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
  /** Evaluated with `response` and `status` in scope: only these variables are kept. */
  set: CompiledAssignments;
  goto: string;
  onError: string;
}

export type CompiledScreen =
  | { kind: 'menu'; id: string; text: LocalText; options: CompiledOption[]; conditional: boolean }
  | ({ kind: 'input'; id: string; text: LocalText; save: string; goto: string; error: LocalText | undefined; accepts: (input: string) => boolean } & Actions)
  | { kind: 'question'; id: string; text: LocalText; choices: LocalText[]; answer: number; points: number; goto: string }
  | { kind: 'branch'; id: string; cases: { when: Predicate; goto: string }[]; otherwise: string }
  | ({ kind: 'end'; id: string; text: LocalText } & Actions)
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
  /** Extra dial parts (`1*2`) to the screen they open, with what they set. */
  shortcuts: ReadonlyMap<string, { goto: string; set: CompiledAssignments }>;
  /** The menu's sources by name. */
  sources: ReadonlyMap<string, CompiledSource>;
}

/** Resolves a template or condition variable against a session. */
export function lookupIn(ctx: Ctx, env: Env, defaultLang: string): Lookup {
  return (name) => {
    if (name.startsWith('profile.')) return ctx.profile[name.slice(8)];
    if (name === 'msisdn') return env.msisdn;
    if (name === 'lang') return ctx.vars.lang ?? defaultLang;
    return ctx.vars[name];
  };
}

export function langOf(ctx: Ctx, defaultLang: string): string {
  return String(ctx.vars.lang ?? defaultLang);
}

export function evaluate(assignments: CompiledAssignments, lookup: Lookup): Vars {
  const out: Vars = {};
  for (const [name, value] of assignments) out[name] = typeof value === 'number' ? value : value.render(lookup);
  return out;
}

/** The options of a menu screen that are offered now (`when` true), in order. */
export function visibleOptions(screen: Extract<CompiledScreen, { kind: 'menu' }>, lookup: Lookup): readonly CompiledOption[] {
  return screen.conditional ? screen.options.filter((o) => !o.when || o.when(lookup)) : screen.options;
}
