import { septetLength } from './gsm7.js';
import { forEachString } from './lint-texts.js';
import type { CompiledScreen, MenuModel } from './model.js';
import type { Path, PathProblem } from './problems.js';
import { layoutScreen, wordRoom, type View } from './render-screen.js';
import type { Menu, SystemText } from './schema.js';
import { nearest } from './nearest.js';
import { placeholders } from './template.js';

/** The length a variable is assumed to have when nothing declares it. */
export const DEFAULT_VAR_LENGTH = 20;
/** The longest international number (E.164). */
const MSISDN_LENGTH = 15;
const END_TEXTS: readonly SystemText[] = ['tooManyAttempts', 'expired', 'ended', 'unavailable', 'rateLimited'];

/** Each gateway's reply limit in septets, by gateway name (`nalo` → 120): what the service speaks. */
export type GatewayLimits = ReadonlyMap<string, number>;

/** The size every page must fit: `pageSize`, or the smallest limit of a gateway the menu is served through. */
export interface PageLimit {
  size: number;
  /** The gateway whose limit it is, when smaller than `pageSize`. */
  gateway?: string;
}

/**
 * The page limit of a menu served through `menu.gateways` (or, when it names none, every gateway in
 * `limits`), and a problem per name that is not a gateway. No `limits` (a check outside the
 * service): `pageSize` alone.
 */
export function pageLimitOf(menu: Menu, limits: GatewayLimits | undefined): { limit: PageLimit; problems: PathProblem[] } {
  const limit: PageLimit = { size: menu.pageSize };
  if (!limits) return { limit, problems: [] };
  const problems: PathProblem[] = [];
  const names = menu.gateways ?? [...limits.keys()];
  names.forEach((name, i) => {
    const size = limits.get(name);
    if (size === undefined) {
      const near = nearest(name, [...limits.keys()]);
      problems.push({ path: ['gateways', i], severity: 'error', message: `"${name}" is not a gateway this service speaks${near ? ` (did you mean "${near}"?)` : ''}` });
    } else if (size < limit.size) Object.assign(limit, { size, gateway: name });
  });
  return { limit, problems };
}

/**
 * Every screen, in every language, rendered with each variable at its longest (declared
 * `vars.<name>.maxLength`, else 20 characters, or a fallback when that is longer) must fit the
 * page limit (`pageLimitOf`) on every page, its error line included: laid out for that limit, as
 * the smallest gateway will show it. A long text is paged, so it passes: what can still overflow
 * is a numbered line (with what must share its page) that no page can hold.
 */
export function checkLengths(model: MenuModel, limit: PageLimit = { size: model.menu.pageSize }): PathProblem[] {
  const { menu } = model;
  const problems: PathProblem[] = [];
  const longest = longestValues(menu);
  for (const lang of menu.languages) {
    const view: View = { lang, lookup: (name) => (name === 'lang' ? lang : longest(name)), pageSize: limit.size };
    const note: Note = (path, what, text, withError, vars) => {
      const n = septetLength(withError === undefined ? text : `${withError}\n${text}`);
      if (n <= limit.size) return;
      problems.push({ path, severity: 'error', message: overflow(what, n, limit, withError !== undefined, [...new Set(vars)], longest) });
    };
    for (const screen of model.screens.values()) {
      if (screen.kind === 'branch' || screen.kind === 'fetch' || screen.kind === 'handoff') continue;
      const path = textPath(menu, screen.id, lang);
      const what = `screen "${screen.id}" (${lang})`;
      checkPages(model, screen, view, path, what, note);
      problems.push(...longWords(model, screen, view, path, what));
    }
    for (const key of END_TEXTS) {
      const text = model.texts[key](lang);
      note(systemPath(menu, key), `system text "${key}" (${lang})`, text.render(view.lookup), undefined, text.vars);
    }
    if (menu.resume) {
      const { pages } = layoutScreen(model, model.resumePrompt, view);
      if (pages.length > 1) problems.push({ path: systemPath(menu, 'resumePrompt'), severity: 'error', message: `the resume prompt (${lang}) with its two options does not fit one page of ${limitText(limit)}` });
      else checkPages(model, model.resumePrompt, view, systemPath(menu, 'resumePrompt'), `the resume prompt (${lang})`, note);
    }
  }
  return dedupe(problems);
}

/** A warning per word of the screen's text no page can hold whole (a long link): it will be cut where the page ends. */
function longWords(model: MenuModel, screen: CompiledScreen, view: View, path: Path, what: string): PathProblem[] {
  if (!('text' in screen) || layoutScreen(model, screen, view, true).pages.length === 1) return [];
  const room = wordRoom(model, screen, view);
  const words = screen.text(view.lang).render(view.lookup).split(/\s+/);
  return [...new Set(words.filter((w) => septetLength(w) > room))].map((w) => ({
    path,
    severity: 'warning' as const,
    message: `${what}: "${w.length > 30 ? `${w.slice(0, 27)}...` : w}" (${septetLength(w)} septets) is longer than a page can hold (${room}): it is cut where the page ends`,
  }));
}

type Note = (path: Path, what: string, text: string, withError: string | undefined, vars: readonly string[]) => void;

function checkPages(model: MenuModel, screen: CompiledScreen, view: View, path: Path, what: string, note: Note): void {
  const { pages, error } = layoutScreen(model, screen, view, true);
  const vars = templateVars(screen, view.lang);
  // An end screen on one page ends the session: no error line ever heads it.
  if (pages.length === 1) return note(path, what, pages[0] ?? '', screen.kind === 'end' ? undefined : error, vars);
  // One problem per screen: the longest page, and how many others overflow too.
  const sizes = pages.map((p) => septetLength(`${error}\n${p}`));
  const worst = sizes.indexOf(Math.max(...sizes));
  const others = sizes.filter((n, i) => i !== worst && n > view.pageSize).length;
  const label = `${what} page ${worst + 1} of ${pages.length}${others > 0 ? ` (and ${others} other page${others > 1 ? 's' : ''})` : ''}`;
  note(path, label, pages[worst] ?? '', error, vars);
}

/** The variables a shown screen's texts use. */
function templateVars(screen: CompiledScreen, lang: string): string[] {
  const texts = [
    ...('text' in screen ? [screen.text] : []),
    ...(screen.kind === 'menu' ? screen.options.map((o) => o.label) : []),
    ...(screen.kind === 'question' ? screen.choices : []),
  ];
  return texts.flatMap((t) => t(lang).vars);
}

/** `pageSize 160`, or `120 septets, nalo's limit (the smallest of the gateways it is served through)`. */
function limitText(limit: PageLimit): string {
  return limit.gateway === undefined ? `pageSize ${limit.size}` : `${limit.size} septets, ${limit.gateway}'s limit (the smallest of the gateways it is served through)`;
}

function overflow(what: string, n: number, limit: PageLimit, withError: boolean, vars: string[], longest: (name: string) => string): string {
  const assumed = vars.filter((v) => v !== 'lang').map((v) => `{{${v}}} at ${longest(v).length}`);
  return (
    `${what} takes ${n} septets${withError ? ' with its error line' : ''}, over ${limitText(limit)}` +
    (assumed.length > 0 ? ` (with ${assumed.join(', ')} characters; declare shorter vars: maxLength if they are)` : '')
  );
}

/** A value of the longest length each variable can have, for rendering worst cases. */
function longestValues(menu: Menu): (name: string) => string {
  const fallbacks = new Map<string, number>();
  forEachString(menu, (_path, s) => {
    for (const p of placeholders(s)) fallbacks.set(p.ref, Math.max(fallbacks.get(p.ref) ?? 0, p.fallback?.length ?? 0));
  });
  const questions = Object.entries(menu.screens).flatMap(([id, s]) => (s.type === 'question' ? [[id, s] as const] : []));
  const totalPoints = questions.reduce((sum, [, q]) => sum + Math.abs(q.points ?? 1), 0);
  const builtIn = (name: string): number => {
    if (name === 'msisdn') return MSISDN_LENGTH;
    if (name === 'score' && menu.vars?.score === undefined) return String(totalPoints).length + (questions.some(([, q]) => (q.points ?? 1) < 0) ? 1 : 0);
    if (name.startsWith('answers.')) return String(questions.find(([id]) => `answers.${id}` === name)?.[1].choices.length ?? 9).length;
    return menu.vars?.[name]?.maxLength ?? DEFAULT_VAR_LENGTH;
  };
  return (name) => 'x'.repeat(Math.max(builtIn(name), fallbacks.get(name) ?? 0));
}

function textPath(menu: Menu, id: string, lang: string): Path {
  const s = menu.screens[id];
  const text = s && 'text' in s ? s.text : undefined;
  return typeof text === 'object' && text[lang] !== undefined ? ['screens', id, 'text', lang] : ['screens', id, 'text'];
}

function systemPath(menu: Menu, key: SystemText): Path {
  return menu.texts?.[key] === undefined ? ['pageSize'] : ['texts', key];
}

/** A text shared by every language fails the same way in each: say it once. */
function dedupe(problems: PathProblem[]): PathProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join('.')}|${p.message.replace(/ \([a-z]{2,3}\)/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
