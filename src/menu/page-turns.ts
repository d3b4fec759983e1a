import { assign } from 'xstate';
import type { CompiledScreen, Ctx, Env, MenuModel } from './model.js';
import { previousKey } from './page-keys.js';
import { pageCount } from './render-screen.js';

/** The part of a menu event a page turn reads (build-machine's `MenuEvent` has this shape). */
interface TurnEvent {
  type: string;
  text?: string;
  env: Env;
}
type Args = { context: Ctx; event: TurnEvent };
// Transitions assembled from data, as in build-machine.ts (checked by tests, not by XState's types).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Transition = { guard?: (args: Args) => boolean; target?: string; actions?: any[] };

const inputOf = (event: TurnEvent) => (event.type === 'INPUT' ? event.text : undefined);
const turnPage = (delta: number) => assign<Ctx, TurnEvent, undefined, TurnEvent, never>(({ context }) => ({ page: context.page + delta, error: 0 as const }));

/**
 * Page turns on a shown screen, matched before anything else: `keys.previous` on any page but the
 * first, `keys.more` on any page but the last. Targetless, so a page turn never re-enters the
 * screen: its entry (an end screen's effects) is not decided again.
 */
export function pageTurns(model: MenuModel, screen: CompiledScreen): Transition[] {
  const previous = previousKey(model.menu.keys);
  const { more } = model.menu.keys;
  return [
    { guard: ({ context, event }) => inputOf(event) === previous && context.page > 0, actions: [turnPage(-1)] },
    { guard: ({ context, event }) => inputOf(event) === more && context.page + 1 < pageCount(model, screen, context, event.env), actions: [turnPage(1)] },
  ];
}

/**
 * An end screen's state. It decides its effects and profile writes once, on entry. It is not a
 * final state: a long text keeps the session open until its last page (the reply says when it
 * ends). Its pages turn; every other input, back and home included, is refused as invalid: the
 * screen's work is done and must not be redone from an earlier screen (docs/adr/long-text-pages.md).
 */
export function endScreenState(model: MenuModel, screen: CompiledScreen, entry: unknown[], refused: readonly object[]) {
  return { entry, on: { INPUT: [...pageTurns(model, screen), ...refused] } };
}
