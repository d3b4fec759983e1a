import { compileCondition, conditionVars } from './conditions.js';
import { compileEffect, type AuthoredEffect } from './effect-kinds/effect-kinds.js';
import { RESUME_PROMPT, type Actions, type CompiledAssignments, type CompiledScreen, type CompiledSource, type MenuModel } from './model.js';
import type { Condition, FetchScreen, InputScreen, Menu, Screen, Text } from './schema.js';
import { compileTemplate } from './template.js';
import { compileSystemTexts, compileText, type LocalText } from './texts.js';

/** Compiles every text, template and condition of a validated menu once. */
export function compileModel(menu: Menu): MenuModel {
  const defaultLang = menu.languages[0] ?? 'en';
  const reads = new Set<string>();
  const noteTemplate = (source: string) => {
    const t = compileTemplate(source);
    for (const v of t.vars) if (v.startsWith('profile.')) reads.add(v.slice(8));
    return t;
  };
  const text = (t: Text): LocalText => {
    for (const s of typeof t === 'string' ? [t] : Object.values(t)) noteTemplate(s);
    return compileText(t, defaultLang);
  };
  const condition = (c: Condition) => {
    for (const v of conditionVars(c)) if (v.startsWith('profile.')) reads.add(v.slice(8));
    return compileCondition(c);
  };
  const assignments = (a: Record<string, string | number> | undefined): CompiledAssignments =>
    Object.entries(a ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : noteTemplate(v)] as const);
  const sources = compileSources(menu);
  const actions = (a: { set?: Record<string, string | number>; effects?: AuthoredEffect[]; profile?: Record<string, string | number> }): Actions => ({
    set: assignments(a.set),
    effects: (a.effects ?? []).map((e) => compileEffect(e, noteTemplate, sources)),
    profile: assignments(a.profile),
  });

  const compileScreen = (id: string, s: Screen): CompiledScreen => {
    switch (s.type) {
      case 'menu':
        return {
          kind: 'menu',
          id,
          text: text(s.text),
          options: s.options.map((o) => ({ label: text(o.label), goto: o.goto, when: o.when && condition(o.when), ...actions(o) })),
          conditional: s.options.some((o) => o.when !== undefined),
        };
      case 'input':
        return { kind: 'input', id, text: text(s.text), save: s.save, goto: s.goto, error: s.error === undefined ? undefined : text(s.error), accepts: inputValidator(s), ...actions(s) };
      case 'question':
        return { kind: 'question', id, text: text(s.text), choices: s.choices.map(text), answer: s.answer, points: s.points ?? 1, goto: s.goto };
      case 'branch':
        return { kind: 'branch', id, cases: s.cases.map((c) => ({ when: condition(c.when), goto: c.goto })), otherwise: s.otherwise };
      case 'end':
        return { kind: 'end', id, text: text(s.text), ...actions(s) };
      case 'fetch':
        return compileFetch(id, s);
    }
  };
  const compileFetch = (id: string, s: FetchScreen): CompiledScreen => ({
    kind: 'fetch',
    id,
    source: sources.get(s.source) ?? { name: s.source, label: `${menu.id}.${s.source}`, url: '', headers: [], timeoutMs: 1500, cacheSeconds: 0 },
    method: s.method,
    path: noteTemplate(s.path),
    query: Object.entries(s.query ?? {}).map(([k, v]) => [encodeURIComponent(k), noteTemplate(v)] as const),
    body: s.body && assignments(s.body),
    set: assignments(s.set),
    goto: s.goto,
    onError: s.onError,
  });

  const screens = new Map(Object.entries(menu.screens).map(([id, s]) => [id, compileScreen(id, s)]));
  const shortcuts = new Map(Object.entries(menu.shortcuts ?? {}).map(([k, sc]) => [k, { goto: sc.goto, set: assignments(sc.set) }]));
  const texts = compileSystemTexts(menu);
  const choice = (label: LocalText) => ({ label, goto: RESUME_PROMPT, when: undefined, set: [], effects: [], profile: [] });
  const resumePrompt = { kind: 'menu' as const, id: RESUME_PROMPT, text: texts.resumePrompt, options: [choice(texts.continue), choice(texts.startOver)], conditional: false };
  return { menu, defaultLang, screens, texts, resumePrompt, profileReads: [...reads].sort(), shortcuts, sources };
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

/** Whether an input passes an input screen's `pattern` and `min`/`max`. */
export function inputValidator(s: InputScreen): (input: string) => boolean {
  const pattern = s.pattern === undefined ? undefined : new RegExp(`^(?:${s.pattern})$`);
  const numeric = s.min !== undefined || s.max !== undefined;
  return (input) => {
    if (input.length === 0) return false;
    if (pattern && !pattern.test(input)) return false;
    if (!numeric) return true;
    if (!/^-?\d+(\.\d+)?$/.test(input)) return false;
    const n = Number(input);
    return (s.min === undefined || n >= s.min) && (s.max === undefined || n <= s.max);
  };
}
