import { buildMachine, type MenuEvent, type MenuMachine } from './build-machine.js';
import { compileModel } from './compile-model.js';
import { menuCodeDialled } from './menu-code.js';
import { renderEffect, type CompiledEffect, type EffectCommand } from './effect-kinds/effect-kinds.js';
import { collectFailures, showValue, type ExpressionFailure } from './expressions/index.js';
import { fetchRequest, type SourceAnswer, type SourceRequest } from './fetch-request.js';
import { evaluate, lookupIn, type CompiledAssignments, type Ctx, type Env, type MenuModel, type Vars } from './model.js';
import { pageCount, renderResumePrompt, renderScreen, type Screenful } from './render-screen.js';
import type { Menu } from './schema.js';
import { createStateCodec, type StateCodec } from './state-codec.js';
import { DEFAULT_TEXTS } from './texts.js';
import { Stepper, type DecidedAction } from './xstate-adapter.js';

/** A menu ready to run: its model, its XState machine, and one stepper over it. */
export interface CompiledMenu {
  id: string;
  /** Content hash of the source: sessions are pinned to it. */
  version: string;
  model: MenuModel;
  machine: MenuMachine;
  stepper: Stepper<MenuMachine>;
  /** Packs a session's state against this version's tables for storage. */
  stateCodec: StateCodec;
}

/** What a session keeps between hops: the screen it is on and the machine's context. */
export interface SessionState {
  state: string;
  ctx: Ctx;
}

/** The result of one step: the new state, what to show, and the slow work it decided on. */
export interface StepOutcome extends SessionState {
  screen: Screenful;
  effects: EffectCommand[];
  /** Profile fields written by this step (empty when none): numbers, or text. */
  profile: Record<string, string | number>;
  /** Expressions that failed during the step (they counted as false / left a variable unset): for the log. */
  failures: ExpressionFailure[];
  /**
   * The step reached a `fetch`: the call it needs, as data. Nothing is shown yet; the caller makes
   * the call and goes on with `answerSource` (see docs/adr/hop-shape.md).
   */
  needs?: SourceRequest;
  /** Dial parts still to walk once the fetch is answered. */
  pendingInputs?: readonly string[];
  /**
   * The step reached a `handoff` screen: the rest of the session is the legacy app's, as if the
   * caller had dialled `dial`. Nothing is shown here; the use case forwards the hop (docs/migration.md).
   */
  handoff?: HandoffTo;
}

/** Where a `handoff` screen sends a session: the screen's `path`, and the service code extended by it (`*384*3*1#`). */
export interface HandoffTo {
  path: string;
  dial: string;
}

/** What a step on a `fetch` shows: nothing, until its answer moves it on. */
const NOT_SHOWN: Screenful = { text: '', end: false };

export function compileMenu(menu: Menu, version: string): CompiledMenu {
  const model = compileModel(menu);
  const machine = buildMachine(model);
  return { id: menu.id, version, model, machine, stepper: new Stepper(machine), stateCodec: createStateCodec(model) };
}

export interface StartOptions {
  env: Env;
  /** Profile fields the menu reads (see `model.profileReads`), as loaded for this caller. */
  profile?: Record<string, string>;
  /** Extra dial parts after the service code (`*384*1*2#` → ['1', '2']). */
  dialParts?: readonly string[];
  /** Session variables to start with (`lang`, for simulators and generated tests). */
  vars?: Vars;
}

/** Starts a session: the start screen, or the screen a shortcut or pre-typed dial parts lead to. */
export function startSession(menu: CompiledMenu, opts: StartOptions): StepOutcome {
  return withFailures(() => start(menu, opts));
}

/** A step with the expression failures it met (see expressions/failures.ts). */
function withFailures(step: () => StepOutcome): StepOutcome {
  const [out, failures] = collectFailures(step);
  out.failures = failures;
  return out;
}

function start(menu: CompiledMenu, opts: StartOptions): StepOutcome {
  const { stepper, model } = menu;
  const [first, decided] = stepper.initial({ env: opts.env, pf: opts.profile ?? {}, vars: opts.vars });
  let snapshot = first;
  const parts = [...(opts.dialParts ?? [])];
  const shortcut = longestShortcut(model, parts);
  if (shortcut > 0) {
    const [next, more] = stepper.next(snapshot, { type: 'SHORTCUT', key: parts.slice(0, shortcut).join('*'), env: opts.env });
    snapshot = next;
    decided.push(...more);
  }
  return walk(menu, snapshot, decided, parts.slice(shortcut), opts.env);
}

type Snapshot = ReturnType<CompiledMenu['stepper']['restore']>;

/**
 * Feeds dial parts as inputs until they run out, the session ends (an end screen's last page), or
 * a fetch must be answered first. A long end screen waits on its earlier pages like any screen.
 */
function walk(menu: CompiledMenu, from: Snapshot, decided: DecidedAction[], inputs: readonly string[], env: Env): StepOutcome {
  let snapshot = from;
  let i = 0;
  for (; i < inputs.length; i++) {
    if (snapshot.status !== 'active' || !awaitsInput(menu.model, screenOf(snapshot.value), snapshot.context, env)) break;
    const [next, more] = menu.stepper.next(snapshot, { type: 'INPUT', text: inputs[i] as string, env });
    snapshot = next;
    decided.push(...more);
  }
  return outcome(menu, screenOf(snapshot.value), snapshot.context, decided, env, i < inputs.length ? inputs.slice(i) : undefined);
}

/**
 * Goes on from a step that needed a source (`needs`), with its answer: the fetch's `set`, then
 * `goto` (or `onError`), then whatever follows within the hop (a branch, another fetch, dial parts).
 * The effects and profile writes decided before the fetch are kept.
 */
export function answerSource(menu: CompiledMenu, from: StepOutcome, answer: SourceAnswer, env: Env): StepOutcome {
  const next = withFailures(() => {
    const [snapshot, decided] = menu.stepper.next(menu.stepper.restore(from.state, from.ctx), { type: 'FETCHED', answer, env });
    return walk(menu, snapshot, decided, from.pendingInputs ?? [], env);
  });
  if (from.effects.length > 0) next.effects.unshift(...from.effects);
  if (Object.keys(from.profile).length > 0) next.profile = { ...from.profile, ...next.profile };
  if (from.failures.length > 0) next.failures.unshift(...from.failures);
  return next;
}

/** Feeds one input to a session restored from its stored state. */
export function continueSession(menu: CompiledMenu, from: SessionState, input: string, env: Env): StepOutcome {
  const event: MenuEvent = { type: 'INPUT', text: input, env };
  return withFailures(() => {
    const [snapshot, decided] = menu.stepper.next(menu.stepper.restore(from.state, from.ctx), event);
    return outcome(menu, screenOf(snapshot.value), snapshot.context, decided, env);
  });
}

/** The screen a stored session is on, rendered again (for a retried hop). */
export function renderSession(menu: CompiledMenu, from: SessionState, env: Env): Screenful {
  return renderScreen(menu.model, from.state, from.ctx, env);
}

/** The resume prompt (`1` continue, `2` start over) shown over a dropped session's state. */
export function renderResume(menu: CompiledMenu, from: SessionState, env: Env): Screenful {
  return renderResumePrompt(menu.model, from.ctx, env);
}

function outcome(menu: CompiledMenu, state: string, ctx: Ctx, decided: DecidedAction[], env: Env, pendingInputs?: readonly string[]): StepOutcome {
  const effects: EffectCommand[] = [];
  const profile: Record<string, string | number> = {};
  for (const a of decided) {
    const lookup = () => lookupIn(a.context as Ctx, env, menu.model.defaultLang);
    if (a.type === 'effect') {
      const effect = renderEffect((a.params as { effect: CompiledEffect }).effect, lookup());
      if (effect) effects.push(effect);
    } else if (a.type === 'profile') {
      for (const [k, v] of Object.entries(evaluate((a.params as { fields: CompiledAssignments }).fields, lookup()))) profile[k] = typeof v === 'number' ? v : showValue(v);
    }
  }
  const screen = menu.model.screens.get(state);
  if (screen?.kind === 'handoff') {
    const dialled = ctx.vars.serviceCode;
    return { state, ctx, screen: NOT_SHOWN, effects, profile, failures: [], handoff: handoffTo(menu.model, typeof dialled === 'string' ? dialled : (env.serviceCode ?? ''), screen.path) };
  }
  if (screen?.kind === 'fetch') {
    const needs = fetchRequest(screen, lookupIn(ctx, env, menu.model.defaultLang));
    return { state, ctx, screen: NOT_SHOWN, effects, profile, failures: [], needs, ...(pendingInputs ? { pendingInputs } : {}) };
  }
  return { state, ctx, screen: renderScreen(menu.model, state, ctx, env), effects, profile, failures: [] };
}

/** The dial the legacy app sees: the menu's service code the caller dialled, extended by `path`. */
export function handoffTo(model: MenuModel, dialled: string, path: string): HandoffTo {
  const code = menuCodeDialled(model, dialled);
  return { path, dial: path ? `${code.slice(0, -1)}*${path}#` : code };
}

/** A fetch waits for its answer; an end screen on its last page has ended the session. */
function awaitsInput(model: MenuModel, state: string, ctx: Ctx, env: Env): boolean {
  const screen = model.screens.get(state);
  if (screen?.kind === 'fetch') return false;
  return screen?.kind !== 'end' || ctx.page + 1 < pageCount(model, screen, ctx, env);
}

/** How many leading dial parts name a shortcut (0 when none does). */
function longestShortcut(model: MenuModel, parts: readonly string[]): number {
  for (let n = parts.length; n > 0; n--) if (model.shortcuts.has(parts.slice(0, n).join('*'))) return n;
  return 0;
}

/** A system text of a menu in its default language (no session to take a language from). */
export function textOf(menu: CompiledMenu | undefined, which: keyof typeof DEFAULT_TEXTS): string {
  if (!menu) return DEFAULT_TEXTS[which];
  return menu.model.texts[which](menu.model.defaultLang).render(() => undefined);
}

/** A menu machine is flat: its state value is the screen id (never a nested state object). */
export function screenOf(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`a menu machine is flat, but its state is ${JSON.stringify(value)}`);
  return value;
}
