import { compileCondition, conditionVars } from './conditions.js';
import { startScreens } from './start-screens.js';
import { compileEffect, type AuthoredEffect } from './effect-kinds/effect-kinds.js';
import { RESUME_PROMPT, type Actions, type CompiledAssignments, type CompiledScreen, type CompiledSource, type MenuModel } from './model.js';
import { compileExpression, expressionOf, isExpressionValue } from './expressions/index.js';
import { inputValidator } from './input-validator.js';
import { DEFAULT_LABEL_LENGTH, DEFAULT_MAX_ITEMS, type CompiledList } from './generated-list.js';
import type { Condition, FetchScreen, Menu, MenuScreen, Screen, Text } from './schema.js';
import { isSensitiveInput, sensitiveVariables } from './sensitive-vars.js';
import { compileTemplate } from './template.js';
import { compileSystemTexts, compileText, type LocalText } from './texts.js';

/** Compiles every text, template and condition of a validated menu once. */
export function compileModel(menu: Menu): MenuModel {
  const defaultLang = menu.languages[0] ?? 'en';
  const reads = new Set<string>();
  let readsServiceCode = false;
  const note = (names: readonly string[]) => {
    for (const v of names) {
      if (v.startsWith('profile.')) reads.add(v.slice(8));
      else if (v === 'serviceCode') readsServiceCode = true;
    }
  };
  const noteTemplate = (source: string, where = '') => {
    const t = compileTemplate(source, where);
    note(t.vars);
    return t;
  };
  const noteExpression = (source: string, where: string) => {
    const e = compileExpression(source, where);
    note(e.names);
    return e;
  };
  const text = (t: Text, where: string): LocalText => {
    for (const s of typeof t === 'string' ? [t] : Object.values(t)) noteTemplate(s);
    return compileText(t, defaultLang, where);
  };
  const condition = (c: Condition, where: string) => {
    note(conditionVars(c));
    return compileCondition(c, where);
  };
  const assignments = (a: Record<string, string | number> | undefined, where: string): CompiledAssignments =>
    Object.entries(a ?? {}).map(([k, v]) => {
      const at = `${where}.${k}`;
      return [k, typeof v === 'number' ? v : isExpressionValue(v) ? noteExpression(expressionOf(v), at) : noteTemplate(v, at)] as const;
    });
  const sources = compileSources(menu);
  const sensitive = new Set(sensitiveVariables(menu).keys());
  const actions = (a: { set?: Record<string, string | number>; effects?: AuthoredEffect[]; profile?: Record<string, string | number> }, where: string): Actions => ({
    set: assignments(a.set, `${where}.set`),
    effects: (a.effects ?? []).map((e, i) => compileEffect(e, { template: noteTemplate, expression: noteExpression, sources }, `${where}.effects.${i}`)),
    profile: assignments(a.profile, `${where}.profile`),
  });

  const compileScreen = (id: string, s: Screen): CompiledScreen => {
    const at = `screens.${id}`;
    switch (s.type) {
      case 'menu':
        return {
          kind: 'menu',
          id,
          text: text(s.text, `${at}.text`),
          options: s.options.map((o, i) => {
            const oat = `${at}.options.${i}`;
            return { label: text(o.label, `${oat}.label`), goto: o.goto, when: o.when === undefined ? undefined : condition(o.when, `${oat}.when`), ...actions(o, oat) };
          }),
          conditional: s.options.some((o) => o.when !== undefined),
          ...(s.list === undefined ? {} : { list: compileList(s, at) }),
        };
      case 'input':
        note([...(s.valid === undefined ? [] : compileExpression(s.valid, '').names)]);
        return {
          kind: 'input',
          id,
          text: text(s.text, `${at}.text`),
          save: s.save,
          goto: s.goto,
          error: s.error === undefined ? undefined : text(s.error, `${at}.error`),
          accepts: inputValidator(s, at),
          sensitive: isSensitiveInput(s),
          ...actions(s, at),
        };
      case 'question':
        return { kind: 'question', id, text: text(s.text, `${at}.text`), choices: s.choices.map((c, i) => text(c, `${at}.choices.${i}`)), answer: s.answer, points: s.points ?? 1, goto: s.goto };
      case 'branch':
        return { kind: 'branch', id, cases: s.cases.map((c, i) => ({ when: condition(c.when, `${at}.cases.${i}.when`), goto: c.goto })), otherwise: s.otherwise };
      case 'end':
        return { kind: 'end', id, text: text(s.text, `${at}.text`), ...actions(s, at) };
      case 'fetch':
        return compileFetch(id, s);
      case 'handoff':
        return { kind: 'handoff', id, path: s.path ?? '' };
    }
  };
  const compileList = (s: MenuScreen, at: string): CompiledList => {
    const source = s.list ?? '';
    const items = noteExpression(source.startsWith('=') ? source.slice(1) : source, `${at}.list`);
    const declared = items.names[0] === undefined ? undefined : menu.vars?.[items.names[0]];
    return {
      items,
      label: text(s.label ?? '', `${at}.label`),
      save: s.save,
      goto: s.goto ?? '',
      empty: s.empty ?? '',
      worst: { count: declared?.maxItems ?? DEFAULT_MAX_ITEMS, width: declared?.maxLength ?? DEFAULT_LABEL_LENGTH },
    };
  };
  const compileFetch = (id: string, s: FetchScreen): CompiledScreen => {
    const path = noteTemplate(s.path, `screens.${id}.path`);
    const query = Object.entries(s.query ?? {}).map(([k, v]) => [encodeURIComponent(k), noteTemplate(v, `screens.${id}.query.${k}`)] as const);
    const body = s.body && assignments(s.body, `screens.${id}.body`);
    const reads = [...path.vars, ...query.flatMap(([, t]) => t.vars), ...(body ?? []).flatMap(([, v]) => (typeof v === 'number' ? [] : 'vars' in v ? v.vars : v.names))];
    return {
      kind: 'fetch',
      id,
      source: sources.get(s.source) ?? { name: s.source, label: `${menu.id}.${s.source}`, url: '', headers: [], timeoutMs: 1500, cacheSeconds: 0 },
      method: s.method,
      path,
      query,
      body,
      sensitive: reads.some((name) => sensitive.has(name)),
      set: assignments(s.set, `screens.${id}.set`),
      goto: s.goto,
      onError: s.onError,
    };
  };

  const screens = new Map(Object.entries(menu.screens).map(([id, s]) => [id, compileScreen(id, s)]));
  const shortcuts = new Map(Object.entries(menu.shortcuts ?? {}).map(([k, sc]) => [k, { goto: sc.goto, set: assignments(sc.set, `shortcuts.${k}.set`) }]));
  const texts = compileSystemTexts(menu);
  const choice = (label: LocalText) => ({ label, goto: RESUME_PROMPT, when: undefined, set: [], effects: [], profile: [] });
  const resumePrompt = { kind: 'menu' as const, id: RESUME_PROMPT, text: texts.resumePrompt, options: [choice(texts.continue), choice(texts.startOver)], conditional: false };
  return { menu, defaultLang, screens, texts, resumePrompt, profileReads: [...reads].sort(), startScreens: startScreens(menu.start, screens), shortcuts, sources, keepsServiceCode: readsServiceCode || [...screens.values()].some((s) => s.kind === 'handoff'), readsServiceCode, sensitive };
}

/** The menu's sources, `${NAME}`s left for the service to resolve. */
function compileSources(menu: Menu): Map<string, CompiledSource> {
  return new Map(
    Object.entries(menu.sources ?? {}).map(([name, s]) => [
      name,
      { name, label: `${menu.id}.${name}`, url: s.url, headers: Object.entries(s.headers ?? {}), timeoutMs: s.timeoutMs, cacheSeconds: s.cacheSeconds },
    ]),
  );
}
