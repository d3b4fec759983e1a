import { assign, setup } from 'xstate';
import type { CompiledEffect } from './effect-kinds/effect-kinds.js';
import { answerLookup, type SourceAnswer } from './fetch-request.js';
import { displayedPredecessors } from './graph.js';
import {
  assignOver,
  evaluate,
  itemsOf,
  lookupIn,
  settle,
  TOO_MANY,
  visibleOptions,
  type Actions,
  type CompiledAssignments,
  type CompiledFetch,
  type CompiledScreen,
  type Ctx,
  type Env,
  type MenuModel,
  type Vars,
} from './model.js';
import { menuCodeDialled } from './menu-code.js';
import { endScreenState, pageTurns } from './page-turns.js';
import { optionNumbers } from './option-number.js';
import { showValue } from './expressions/index.js';

/** `FETCHED`: the answer to the request a fetch screen described, sent by the use case that made the call. */
export type MenuEvent =
  | { type: 'INPUT'; text: string; env: Env }
  | { type: 'SHORTCUT'; key: string; env: Env }
  | { type: 'FETCHED'; answer: SourceAnswer; env: Env };

/** What a new session starts with. */
export interface MenuInput {
  env: Env;
  vars?: Vars;
  pf?: Record<string, string>;
}

type Guard = (args: { context: Ctx; event: MenuEvent }) => boolean;
// XState's config types cannot follow a machine assembled from data; the shapes below are checked by tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Transition = { guard?: Guard; target?: string; actions?: any[] };

/** Compiles a menu model into an XState machine: one state per screen, input as `INPUT` events. */
export function buildMachine(model: MenuModel) {
  const { menu, defaultLang } = model;
  const { back, home } = menu.keys;
  const lookup = (context: Ctx, event: MenuEvent | { input?: MenuInput }) =>
    lookupIn(context, 'env' in event ? event.env : (event.input?.env ?? { msisdn: '' }), defaultLang);
  const text = (e: MenuEvent) => (e.type === 'INPUT' ? e.text : undefined);
  const key = (k: string): Guard => ({ event }) => text(event) === k;
  const optionNumber = optionNumbers(menu.keys);

  const update = (fn: (args: { context: Ctx; event: MenuEvent }) => Partial<Ctx>) =>
    assign<Ctx, MenuEvent, undefined, MenuEvent, never>(fn);
  const fresh = { attempts: 0, page: 0, error: 0 as const };
  /**
   * Moving from `from` to `to`: remember `from` for back (unless the screen only redraws itself)
   * and, in the same assignment, the variables the move sets: one new context per hop.
   */
  const enter = (from: string, to: string, vars?: (context: Ctx, event: MenuEvent) => Vars) =>
    update(({ context, event }) => ({ history: from === to ? context.history : [...context.history, from], ...fresh, ...(vars ? { vars: vars(context, event) } : {}) }));
  /** `set` on top of `base` (the variables so far), its templates reading the variables as they now are. */
  const withSet = (set: CompiledAssignments, context: Ctx, event: MenuEvent, base: Vars): Vars =>
    set.length === 0 ? base : assignOver(base, settle(set, lookup(base === context.vars ? context : { ...context, vars: base }, event)));
  const popBack = update(({ context }) => ({ history: context.history.slice(0, -1), ...fresh }));
  const goHome = update(() => ({ history: [], ...fresh }));
  const invalid = update(({ context }) => ({ attempts: context.attempts + 1, error: 1 as const }));

  const assignVars = (set: CompiledAssignments) =>
    update(({ context, event }) => ({ vars: assignOver(context.vars, settle(set, lookup(context, event))) }));
  const readsProfile = new Set(model.profileReads);
  const profileActions = (fields: CompiledAssignments) => {
    const kept = fields.filter(([name]) => readsProfile.has(name));
    return [
      { type: 'profile' as const, params: { fields } },
      ...(kept.length === 0
        ? []
        : [update(({ context, event }) => ({ profile: { ...context.profile, ...stringify(evaluate(kept, lookup(context, event))) } }))]),
    ];
  };
  /** Effects and profile writes (which see the variables the same move set). */
  const sideActions = (a: Pick<Actions, 'effects' | 'profile'>) => [
    ...a.effects.map((effect) => ({ type: 'effect' as const, params: { effect } })),
    ...(a.profile.length ? profileActions(a.profile) : []),
  ];

  /** A fetch answered: its `set` reads `response` and `status`, and only what it sets is kept. */
  const fetched = (screen: CompiledFetch) =>
    update(({ context, event }) => {
      if (event.type !== 'FETCHED' || !event.answer.ok || screen.set.length === 0) return {};
      const { status, body } = event.answer;
      return { vars: assignOver(context.vars, settle(screen.set, answerLookup(lookup(context, event), status, body))) };
    });
  const answered = (event: MenuEvent) => event.type === 'FETCHED' && event.answer.ok;

  const predecessors = displayedPredecessors(menu);
  const navigation = (screen: CompiledScreen): Transition[] => {
    const nav: Transition[] = pageTurns(model, screen);
    for (const p of predecessors.get(screen.id) ?? []) {
      nav.push({ guard: ({ context, event }) => text(event) === back && context.history.at(-1) === p, target: p, actions: [popBack] });
    }
    if (screen.id !== menu.start) nav.push({ guard: key(back), target: menu.start, actions: [goHome] });
    nav.push({ guard: key(home), target: menu.start, actions: [goHome] });
    return nav;
  };
  const rejection: Transition[] = [
    { guard: ({ context }) => context.attempts + 1 >= menu.maxAttempts, target: TOO_MANY },
    { actions: [invalid] },
  ];

  const onInput = (screen: CompiledScreen): Transition[] => {
    const from = screen.id;
    switch (screen.kind) {
      case 'menu': {
        const { list } = screen;
        const chosen = (event: MenuEvent) => optionNumber(text(event));
        // Items of a generated list come first; static options are numbered after them.
        const items: Transition[] = list
          ? [
              {
                guard: ({ context, event }) => {
                  const n = chosen(event);
                  return n >= 1 && n <= itemsOf(screen, lookup(context, event)).length;
                },
                target: list.goto,
                actions: [
                  enter(from, list.goto, (c, e) => {
                    const item = itemsOf(screen, lookup(c, e))[chosen(e) - 1];
                    return list.save === undefined || item === undefined ? c.vars : { ...c.vars, [list.save]: item };
                  }),
                ],
              },
            ]
          : [];
        const options: Transition[] = screen.options.map((option, i) => ({
          guard:
            screen.conditional || list
              ? ({ context, event }: { context: Ctx; event: MenuEvent }) => {
                  const l = lookup(context, event);
                  return visibleOptions(screen, l)[chosen(event) - 1 - itemsOf(screen, l).length] === option;
                }
              : key(String(i + 1)),
          target: option.goto,
          actions: [enter(from, option.goto, option.set.length ? (c, e) => withSet(option.set, c, e, c.vars) : undefined), ...sideActions(option)],
        }));
        return [...items, ...options];
      }
      case 'question':
        return [
          {
            guard: ({ event }) => {
              const n = optionNumber(text(event));
              return n >= 1 && n <= screen.choices.length;
            },
            target: screen.goto,
            actions: [enter(from, screen.goto, (c, e) => answeredQuestion(c.vars, from, Number(text(e)), screen.answer, screen.points))],
          },
        ];
      case 'input':
        return [
          {
            guard: ({ context, event }) => screen.accepts(text(event) ?? '', lookup(context, event)),
            target: screen.goto,
            actions: [enter(from, screen.goto, (c, e) => withSet(screen.set, c, e, { ...c.vars, [screen.save]: text(e) ?? '' })), ...sideActions(screen)],
          },
        ];
      default:
        return [];
    }
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see Transition above
  const states: Record<string, any> = { [TOO_MANY]: { type: 'final' } };
  for (const screen of model.screens.values()) {
    if (screen.kind === 'end') states[screen.id] = endScreenState(model, screen, sideActions(screen), rejection);
    // The rest of the session is the legacy app's: the step hands back where, and this machine is done.
    else if (screen.kind === 'handoff') states[screen.id] = { type: 'final' };
    else if (screen.kind === 'branch') {
      states[screen.id] = {
        always: [
          ...screen.cases.map((c) => ({ guard: ({ context, event }: { context: Ctx; event: MenuEvent }) => c.when(lookup(context, event)), target: c.goto })),
          { target: screen.otherwise },
        ],
      };
    } else if (screen.kind === 'fetch') {
      // Rests here only within a hop: the step hands back the request, and the answer comes as FETCHED.
      states[screen.id] = { on: { FETCHED: [{ guard: ({ event }: { event: MenuEvent }) => answered(event), target: screen.goto, actions: [fetched(screen)] }, { target: screen.onError }] } };
    } else {
      const list = screen.kind === 'menu' ? screen.list : undefined;
      states[screen.id] = {
        on: { INPUT: [...navigation(screen), ...onInput(screen), ...rejection] },
        // An empty generated list (or an expression that gives no list) shows its `empty` screen instead.
        ...(list && screen.kind === 'menu'
          ? { always: [{ guard: ({ context, event }: { context: Ctx; event: MenuEvent }) => itemsOf(screen, lookup(context, event)).length === 0, target: list.empty }] }
          : {}),
      };
    }
  }

  const shortcuts = [...model.shortcuts].map(([k, s]) => ({
    guard: ({ event }: { event: MenuEvent }) => event.type === 'SHORTCUT' && event.key === k,
    target: `.${s.goto}`,
    actions: [goHome, ...(s.set.length ? [assignVars(s.set)] : [])],
  }));

  return setup({
    types: { context: {} as Ctx, events: {} as MenuEvent, input: {} as MenuInput },
    actions: {
      effect: (_: unknown, _params: { effect: CompiledEffect }) => undefined,
      profile: (_: unknown, _params: { fields: CompiledAssignments }) => undefined,
    },
  }).createMachine({
    id: menu.id,
    initial: menu.start,
    context: ({ input }) => ({ vars: startVars(model, input), history: [], ...fresh, profile: { ...input.pf } }),
    on: { SHORTCUT: shortcuts },
    states,
  });
}

export type MenuMachine = ReturnType<typeof buildMachine>;

/** What a session starts with: the given variables, and the code dialled when the menu reads it (its own code when it only hands off). */
function startVars(model: MenuModel, input: MenuInput): Vars {
  const code = input.env.serviceCode;
  if (!model.keepsServiceCode || !code) return { ...input.vars };
  return { serviceCode: model.readsServiceCode ? code : menuCodeDialled(model, code), ...input.vars };
}


/** Records a question's answer; re-answering (after `back`) replaces the earlier answer's points. */
function answeredQuestion(v: Vars, screen: string, choice: number, right: number, points: number): Vars {
  const key = `answers.${screen}`;
  const before = v[key] === right ? points : 0;
  const now = choice === right ? points : 0;
  return { ...v, [key]: choice, score: Number(v.score ?? 0) - before + now };
}

function stringify(v: Vars): Record<string, string> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, showValue(x)]));
}
