import { fitGsm7, septetLength, toGsm7, truncateSeptets } from './gsm7.js';
import { langOf, lookupIn, pageSizeOf, TOO_MANY, visibleOptions, type CompiledScreen, type Ctx, type Env, type MenuModel } from './model.js';
import { previousKey } from './page-keys.js';
import { paginate, type PageLabels } from './paginate.js';
import { itemLookup, listItems, type CompiledList } from './generated-list.js';
import type { Lookup } from './template.js';

/** What the handset shows: a screen awaiting input (`end: false`) or a final message. */
export interface Screenful {
  text: string;
  end: boolean;
}

/** The language and variable values a screen is rendered with, and the page size of the gateway it goes to. */
export interface View {
  lang: string;
  lookup: Lookup;
  pageSize: number;
}

/** A shown screen laid out: its pages, and the error line that heads a page after invalid input. */
export interface Layout {
  pages: string[];
  error: string;
}

/** Renders the screen a session is on. Deterministic: the same state gives the same text. */
export function renderScreen(model: MenuModel, state: string, ctx: Ctx, env: Env): Screenful {
  const view = viewOf(model, ctx, env);
  if (state === TOO_MANY) return { text: fit(model.texts.tooManyAttempts(view.lang).render(view.lookup), view), end: true };
  const screen = model.screens.get(state);
  if (!screen || screen.kind === 'branch' || screen.kind === 'fetch' || screen.kind === 'handoff') throw new Error(`session is on "${state}", which is not a screen that shows`);
  const { pages, error } = layoutScreen(model, screen, view);
  const last = pages.length - 1;
  const page = pages[Math.min(ctx.page, last)] ?? '';
  // An end screen ends the session on its last page; the pages before it wait for More.
  return { text: fit(ctx.error ? `${error}\n${page}` : page, view), end: screen.kind === 'end' && ctx.page >= last };
}

/** The resume prompt over a dropped session's state, in the session's language; one page (the lint checks). */
export function renderResumePrompt(model: MenuModel, ctx: Ctx, env: Env): Screenful {
  const view = viewOf(model, ctx, env);
  const { pages, error } = layoutScreen(model, model.resumePrompt, view);
  const page = pages[0] ?? '';
  return { text: fit(ctx.error ? `${error}\n${page}` : page, view), end: false };
}

/** How many pages the screen has as it is shown now. */
export function pageCount(model: MenuModel, screen: CompiledScreen, ctx: Ctx, env: Env): number {
  return layoutScreen(model, screen, viewOf(model, ctx, env)).pages.length;
}

/**
 * The pages of a menu, question, input or end screen. Room for the error line is kept on every page
 * whether or not it is shown, so an invalid input never moves an option to another page.
 * `allOptions` shows options whose `when` is false too (the length check wants the longest case).
 */
export function layoutScreen(model: MenuModel, screen: CompiledScreen, view: View, allOptions = false): Layout {
  if (allOptions || !isStatic(model, screen)) return layOut(model, screen, view, allOptions);
  // A screen with no variables and no conditions lays out the same every time: once per language and page size.
  let byLang = staticLayouts.get(screen);
  if (!byLang) staticLayouts.set(screen, (byLang = new Map<string, Layout>()));
  const key = `${view.lang} ${view.pageSize}`;
  let layout = byLang.get(key);
  if (!layout) byLang.set(key, (layout = layOut(model, screen, view, false)));
  return layout;
}

const staticLayouts = new WeakMap<CompiledScreen, Map<string, Layout>>();
const staticScreens = new WeakMap<CompiledScreen, boolean>();

/** True when nothing on the screen depends on the session: no template variables, no `when`. */
function isStatic(model: MenuModel, screen: CompiledScreen): boolean {
  let known = staticScreens.get(screen);
  if (known === undefined) {
    const texts = [errorText(model, screen), model.texts.more, model.texts.back];
    if ('text' in screen) texts.push(screen.text);
    if (screen.kind === 'question') texts.push(...screen.choices);
    if (screen.kind === 'menu') texts.push(...screen.options.map((o) => o.label));
    const noVars = texts.every((t) => model.menu.languages.every((lang) => t(lang).vars.length === 0));
    known = noVars && !(screen.kind === 'menu' && (screen.conditional || screen.list));
    staticScreens.set(screen, known);
  }
  return known;
}

function layOut(model: MenuModel, screen: CompiledScreen, view: View, allOptions: boolean): Layout {
  const { lang, lookup } = view;
  const final = screen.kind === 'end';
  // A screen that waits for a choice keeps each inserted value (a name from a source) on its line,
  // as option labels do: a value cannot add a line that passes for an option. An end screen asks
  // nothing, so a source's line breaks (a statement) stay.
  const values = final ? undefined : oneLine;
  const error = toGsm7(errorText(model, screen)(lang).render(lookup, values));
  const header = toGsm7('text' in screen ? screen.text(lang).render(lookup, values) : '');
  // An end screen that fits is shown whole and ends the session: no input, so no error line, can follow.
  if (final && septetLength(header) <= view.pageSize) return { pages: [header], error };
  const budget = view.pageSize - septetLength(error) - 1;
  const labels = pageLabels(model, view);
  const lines = numberedLines(screen, view, allOptions);
  // The length check lays out the declared worst case as it is; at run time a line past it (a label
  // from a source longer than its maxLength) is shortened to fit a page with Back and More, which
  // the final cut would otherwise take off, leaving the caller no visible way on.
  const room = budget - septetLength(`${labels.back}\n${labels.more}`) - 1;
  const pages = paginate(header, allOptions ? lines : lines.map((l) => shorten(l, room)), budget, labels, final);
  return { pages, error };
}

function shorten(line: string, room: number): string {
  // No character takes more than two septets: most lines are cleared without counting.
  return line.length * 2 <= room || septetLength(line) <= room ? line : `${truncateSeptets(line, Math.max(room - 3, 1)).trimEnd()}...`;
}

function pageLabels(model: MenuModel, { lang, lookup }: View): PageLabels {
  return {
    more: toGsm7(`${model.menu.keys.more}. ${model.texts.more(lang).render(lookup)}`),
    back: toGsm7(`${previousKey(model.menu.keys)}. ${model.texts.back(lang).render(lookup)}`),
  };
}

/**
 * The most septets of one word a text page of `screen` holds beside its error line, Back and More:
 * a longer word (a long link) can never be shown whole, and is cut where the page ends.
 */
export function wordRoom(model: MenuModel, screen: CompiledScreen, view: View): number {
  const { more, back } = pageLabels(model, view);
  return view.pageSize - septetLength(toGsm7(errorText(model, screen)(view.lang).render(view.lookup))) - 1 - septetLength(`${back}\n${more}`) - 1;
}

function viewOf(model: MenuModel, ctx: Ctx, env: Env): View {
  return { lang: langOf(ctx, model.defaultLang), lookup: lookupIn(ctx, env, model.defaultLang), pageSize: pageSizeOf(model, env) };
}

function errorText(model: MenuModel, screen: CompiledScreen) {
  return screen.kind === 'input' && screen.error ? screen.error : model.texts.invalid;
}

/**
 * The numbered lines of a menu (a generated list's items, then the visible options; with `all`,
 * the list at its worst case and every option) or question.
 */
function numberedLines(screen: CompiledScreen, { lang, lookup }: View, all: boolean): string[] {
  if (screen.kind === 'question') return screen.choices.map((c, i) => numbered(i, c(lang).render(lookup)));
  if (screen.kind !== 'menu') return [];
  const labels = screen.list ? listLabels(screen.list, lang, lookup, all) : [];
  const options = all ? screen.options : visibleOptions(screen, lookup);
  labels.push(...options.map((o) => o.label(lang).render(lookup)));
  return labels.map((label, i) => numbered(i, label));
}

/**
 * `n. label` on one line: line breaks in a label (a name or description from a source) become a
 * space, so a label never shows as a line of its own, let alone as another numbered option.
 */
function numbered(i: number, label: string): string {
  return toGsm7(`${i + 1}. ${oneLine(label).trim()}`);
}

/** Line breaks (and the spaces around them) become one space. */
function oneLine(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/[ \t]*[\r\n]+[ \t]*/g, ' ') : text;
}

function listLabels(list: CompiledList, lang: string, lookup: Lookup, worst: boolean): string[] {
  if (worst) return Array.from({ length: list.worst.count }, () => 'x'.repeat(list.worst.width));
  const label = list.label(lang);
  return listItems(list, lookup).map((item, i) => label.render(itemLookup(lookup, item, i + 1)));
}

/** Never more than a page: anything longer (a variable longer than declared) is cut. */
function fit(text: string, view: View): string {
  return fitGsm7(text, view.pageSize);
}
