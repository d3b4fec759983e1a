import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerSource, compileMenu, continueSession, startSession, type StepOutcome } from '../../src/menu/engine';
import { reachable } from '../../src/menu/graph';
import { septets } from '../../src/menu/gsm7';
import { langOf } from '../../src/menu/model';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { pageCount, renderScreen } from '../../src/menu/render-screen';
import { ENV, sampleAnswer, screenPaths, type ScreenPath } from '../support/menu-paths';

/**
 * Generated from every menu in menus/: adding a file adds its tests. Paths come from the XState
 * machine's graph; each is played through the engine and every screen it reaches (every page, in
 * every language, with and without the error line) must render within the menu's pageSize.
 */
const MENUS = 'menus';
const files = readdirSync(MENUS).filter((f) => f.endsWith('.menu.yaml'));

interface Reached extends ScreenPath {
  lang: string;
  out: StepOutcome;
}

describe.each(files)('%s', (file) => {
  const parsed = parseMenuSource(readFileSync(join(MENUS, file), 'utf8'), join(MENUS, file));
  const spec = parsed.menu;
  it('is a valid menu', () => expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]));
  if (!spec) return;
  const menu = compileMenu(spec, 'paths');
  // The generated paths must reach each screen no fetch stands before. Behind a fetch, which screens
  // show can depend on the source's data (an amount checked against a fetched balance, a list to
  // pick from), which the sample answers (every field "1") cannot always satisfy; what the paths
  // do reach there is still rendered and measured below, and menus:check's length lint measures all.
  const entries = [spec.start, ...Object.values(spec.shortcuts ?? {}).map((s) => s.goto)];
  const beforeAnyFetch = reachable(spec, entries, (screen) => screen.type !== 'fetch');
  const shown = Object.entries(spec.screens).filter(([, s]) => s.type !== 'branch' && s.type !== 'fetch').map(([id]) => id);
  // Once with an empty profile, once with every profile field the menu reads set: both sides of profile conditions.
  const filled = Object.fromEntries(menu.model.profileReads.map((f) => [f, '1']));

  describe.each(spec.languages)('in %s', (lang) => {
    const reached = new Map<string, Reached>();
    for (const profile of [{}, filled]) {
      for (const path of screenPaths(menu, lang, profile)) note(path, replay(path, profile));
    }

    function note(path: ScreenPath, out: StepOutcome): void {
      const key = `${out.state}|${out.ctx.page}|${langOf(out.ctx, menu.model.defaultLang)}`;
      if (!reached.has(key)) reached.set(key, { ...path, lang: langOf(out.ctx, menu.model.defaultLang), out });
    }

    /** Plays a path through the engine's public API, as the service does hop by hop (answering each fetch as the path did). */
    function replay(path: ScreenPath, profile: Record<string, string>): StepOutcome {
      const answers = [...path.answers];
      const answered = (step: StepOutcome): StepOutcome => {
        let out = step;
        while (out.needs) {
          const fetch = spec?.screens[out.needs.screen];
          out = answerSource(menu, out, answers.shift() && fetch?.type === 'fetch' ? sampleAnswer(fetch) : { ok: false }, ENV);
        }
        return out;
      };
      let out = answered(startSession(menu, { env: ENV, profile, dialParts: path.dialParts, vars: { lang } }));
      for (const input of path.inputs) out = answered(continueSession(menu, out, input, ENV));
      return out;
    }

    it('reaches every screen that shows, at least each one no fetch stands before', () => {
      const states = new Set([...reached.values()].filter((r) => r.lang === lang).map((r) => r.state));
      expect(shown.filter((id) => !states.has(id) && beforeAnyFetch.has(id))).toEqual([]);
    });

    const cases = [...reached.values()].map((r) => [`${r.state}${r.page > 0 ? ` page ${r.page + 1}` : ''} (${r.lang}) via ${describePath(r)}`, r] as const);
    it.each(cases)('renders %s within pageSize', (_name, r) => {
      expect([r.out.state, r.out.ctx.page]).toEqual([r.state, r.page]);
      const { text, end } = r.out.screen;
      expect(text.trim()).not.toBe('');
      expect(septets(text)).toBeLessThanOrEqual(spec.pageSize);
      // An end screen ends on its last page; a long one's earlier pages wait for More.
      const screen = menu.model.screens.get(r.state);
      expect(end).toBe(screen?.kind === 'end' && r.page + 1 === pageCount(menu.model, screen, r.out.ctx, ENV));
      if (!end) expect(septets(renderScreen(menu.model, r.out.state, { ...r.out.ctx, error: 1 }, ENV).text)).toBeLessThanOrEqual(spec.pageSize);
    });
  });
});

function describePath(p: ScreenPath): string {
  const dial = p.dialParts.length > 0 ? `dial *${p.dialParts.join('*')}` : 'dial';
  return [dial, ...p.inputs, ...p.answers.map((ok) => (ok ? '(answered)' : '(source failed)'))].join(' → ');
}

