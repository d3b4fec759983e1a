import { septetLength, toGsm7, truncateSeptets } from './gsm7.js';
import { langOf, lookupIn, TOO_MANY, visibleOptions, type CompiledScreen, type Ctx, type Env, type MenuModel } from './model.js';
import { paginate } from './paginate.js';
import type { Lookup } from './template.js';

/** What the handset shows: a screen awaiting input (`end: false`) or a final message. */
export interface Screenful {
  text: string;
  end: boolean;
}

/** Renders the screen a session is on. Deterministic: the same state gives the same text. */
export function renderScreen(model: MenuModel, state: string, ctx: Ctx, env: Env): Screenful {
  const view = viewOf(model, ctx, env);
  if (state === TOO_MANY) return { text: fit(model.texts.tooManyAttempts(view.lang).render(view.lookup), model), end: true };
  const screen = model.screens.get(state);
  if (!screen || screen.kind === 'branch') throw new Error(`session is on "${state}", which is not a screen that shows`);
  if (screen.kind === 'end') return { text: fit(screen.text(view.lang).render(view.lookup), model), end: true };
  const error = errorLine(model, screen, ctx, view);
  const pages = layout(model, screen, ctx, view, error);
  const page = pages[Math.min(ctx.g, pages.length - 1)] ?? '';
  return { text: fit(error === undefined ? page : `${error}\n${page}`, model), end: false };
}

/** How many pages the screen has as it is shown now. */
export function pageCount(model: MenuModel, screen: CompiledScreen, ctx: Ctx, env: Env): number {
  const view = viewOf(model, ctx, env);
  return layout(model, screen, ctx, view, errorLine(model, screen, ctx, view)).length;
}

interface View {
  lang: string;
  lookup: Lookup;
}

function viewOf(model: MenuModel, ctx: Ctx, env: Env): View {
  return { lang: langOf(ctx, model.defaultLang), lookup: lookupIn(ctx, env, model.defaultLang) };
}

function errorLine(model: MenuModel, screen: CompiledScreen, ctx: Ctx, view: View): string | undefined {
  if (!ctx.x) return undefined;
  const text = screen.kind === 'input' && screen.error ? screen.error : model.texts.invalid;
  return toGsm7(text(view.lang).render(view.lookup));
}

/** The pages of a screen; the error line, when shown, comes out of every page's budget. */
function layout(model: MenuModel, screen: CompiledScreen, ctx: Ctx, view: View, error: string | undefined): string[] {
  const { lang, lookup } = view;
  const header = toGsm7('text' in screen ? screen.text(lang).render(lookup) : '');
  const lines = numberedLines(screen, view);
  if (lines.length === 0) return [header];
  const { back, more } = model.menu.keys;
  const budget = model.menu.pageSize - (error === undefined ? 0 : septetLength(error) + 1);
  return paginate(header, lines, budget, {
    more: toGsm7(`${more}. ${model.texts.more(lang).render(lookup)}`),
    back: toGsm7(`${back}. ${model.texts.back(lang).render(lookup)}`),
  });
}

/** The numbered lines of a menu (visible options only) or question. */
function numberedLines(screen: CompiledScreen, { lang, lookup }: View): string[] {
  if (screen.kind === 'question') return screen.choices.map((c, i) => toGsm7(`${i + 1}. ${c(lang).render(lookup)}`));
  if (screen.kind !== 'menu') return [];
  return visibleOptions(screen, lookup).map((o, i) => toGsm7(`${i + 1}. ${o.label(lang).render(lookup)}`));
}

/** Never more than a page: anything longer (a variable longer than declared) is cut. */
function fit(text: string, model: MenuModel): string {
  const gsm = toGsm7(text);
  return septetLength(gsm) <= model.menu.pageSize ? gsm : truncateSeptets(gsm, model.menu.pageSize);
}
