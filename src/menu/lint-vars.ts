import { isExpressionValue } from './expressions/index.js';
import { inputValidator } from './input-validator.js';
import { BUILT_IN_NAMES, textLocals } from './lint-expressions.js';
import { nearest } from './nearest.js';
import { forEachString } from './lint-texts.js';
import type { Path, PathProblem } from './problems.js';
import { effectTemplates, type AuthoredEffect } from './effect-kinds/effect-kinds.js';
import type { MenuModel } from './model.js';
import type { Condition, InputScreen, Menu } from './schema.js';
import { placeholders } from './template.js';

const BUILT_IN = BUILT_IN_NAMES;
type Assignments = Record<string, string | number> | undefined;

/**
 * Navigation keys differ from each other (but `previous` may be `back`, its default: a page back
 * on a later page, a screen back on the first), and no option number is one of them (it could never be chosen).
 */
export function checkKeys(menu: Menu, model: MenuModel): PathProblem[] {
  const problems: PathProblem[] = [];
  const keys = Object.entries<string>(menu.keys);
  const mayShare = (a: string, b: string) => [a, b].sort().join() === 'back,previous';
  keys.forEach(([name, key], i) => {
    const same = keys.slice(0, i).find(([other, k]) => k === key && !mayShare(name, other));
    if (same) problems.push({ path: ['keys', name], severity: 'error', message: `keys.${name} is "${key}", the same as keys.${same[0]}` });
  });
  for (const [id, s] of Object.entries(menu.screens)) {
    if (s.type === 'input') problems.push(...keysAnInputTakes(menu, id, s));
    // A generated list numbers its items first: as many as `vars.<name>.maxItems` says it may hold.
    const list = s.type === 'menu' ? model.screens.get(id) : undefined;
    const items = list?.kind === 'menu' && list.list ? list.list : undefined;
    const listed = items?.worst.count ?? 0;
    const count = s.type === 'menu' ? listed + s.options.length : s.type === 'question' ? s.choices.length : 0;
    for (const [name, key] of keys) {
      if (name === 'previous' && key === menu.keys.back) continue; // said once, as the back key
      const n = Number(key);
      if (!/^[1-9]\d*$/.test(key) || n > count) continue;
      if (n <= listed) {
        const bound = `vars.${items?.items.names[0] ?? '<list>'}.maxItems`;
        problems.push({ path: ['screens', id, 'list'], severity: 'error', message: `item ${n} of the list can never be chosen: "${key}" is the ${name} key (use fewer ${bound} or change keys.${name})` });
        continue;
      }
      const path = ['screens', id, s.type === 'menu' ? 'options' : 'choices', n - 1 - listed];
      problems.push({ path, severity: 'error', message: `option ${n} can never be chosen: "${key}" is the ${name} key (use fewer options or change keys.${name})` });
    }
  }
  return problems;
}

/**
 * Back and home are matched before an input's own rules: an input that accepts what one of them is
 * (`min: 0` with back "0") can never be given that value. Said for an input with a pattern or
 * bounds, and only where its rules are known before the call (no bound or `valid` reading variables).
 */
function keysAnInputTakes(menu: Menu, id: string, s: InputScreen): PathProblem[] {
  // Free text (no pattern, no bounds) accepts every key too, and nobody means a name to be "0".
  if (s.pattern === undefined && s.min === undefined && s.max === undefined) return [];
  if (s.valid !== undefined || typeof s.min === 'string' || typeof s.max === 'string') return [];
  const accepts = inputValidator(s);
  // On the start screen there is nowhere to go back to: only home is taken there.
  const taken = id === menu.start ? (['home'] as const) : (['back', 'home'] as const);
  return taken
    .filter((name) => accepts(menu.keys[name], () => undefined))
    .map((name) => ({ path: ['screens', id], severity: 'warning', message: `"${menu.keys[name]}" can never be entered here: it is keys.${name}, taken before the input (change the input's rules, or keys.${name})` }));
}

/**
 * Variables read but never set are likely typos (a warning, with the nearest known name);
 * `set: { lang: xx }` must name one of the menu's languages.
 */
export function checkVariables(menu: Menu): PathProblem[] {
  const problems: PathProblem[] = [];
  const known = new Set<string>(BUILT_IN);
  const profile = new Set<string>();
  const reads: { path: Path; name: string }[] = [];
  const readTemplate = (path: Path, source: string) => {
    // Expressions in `{{ }}` are checked (as errors) by lint-expressions.ts.
    const locals = textLocals(path);
    for (const p of placeholders(source)) if (p.simple && !locals?.includes(p.ref)) reads.push({ path, name: p.ref });
  };
  const readCondition = (path: Path, c: Condition | undefined) => {
    for (const name of c ? mapConditionVars(c) : []) reads.push({ path, name });
  };
  const assign = (path: Path, set: Assignments, into: Set<string>) => {
    for (const [name, value] of Object.entries(set ?? {})) {
      into.add(name);
      if (typeof value === 'string') readTemplate([...path, name], value);
      if (into === known && name === 'lang' && typeof value === 'string' && !isExpressionValue(value) && placeholders(value).length === 0 && !menu.languages.includes(value)) {
        problems.push({ path: [...path, name], severity: 'error', message: `lang "${value}" is not in languages [${menu.languages.join(', ')}]` });
      }
    }
  };
  const actions = (path: Path, a: { set?: Assignments; profile?: Assignments; effects?: AuthoredEffect[] }) => {
    assign([...path, 'set'], a.set, known);
    assign([...path, 'profile'], a.profile, profile);
    a.effects?.forEach((e, i) => {
      for (const t of effectTemplates(e)) readTemplate([...path, 'effects', i, ...t.path], t.source);
    });
  };

  forEachString(menu, readTemplate);
  for (const [key, sc] of Object.entries(menu.shortcuts ?? {})) assign(['shortcuts', key, 'set'], sc.set, known);
  for (const [id, s] of Object.entries(menu.screens)) {
    const at: Path = ['screens', id];
    if (s.type === 'menu') {
      s.options.forEach((o, i) => {
        actions([...at, 'options', i], o);
        readCondition([...at, 'options', i, 'when'], o.when);
      });
    }
    if ((s.type === 'input' || s.type === 'menu') && s.save !== undefined) known.add(s.save);
    if (s.type === 'input' || s.type === 'end') actions(at, s);
    if (s.type === 'question') known.add(`answers.${id}`);
    if (s.type === 'branch') s.cases.forEach((c, i) => readCondition([...at, 'cases', i, 'when'], c.when));
    if (s.type === 'fetch') {
      readTemplate([...at, 'path'], s.path);
      for (const [k, v] of Object.entries(s.query ?? {})) readTemplate([...at, 'query', k], v);
      for (const [k, v] of Object.entries(s.body ?? {})) if (typeof v === 'string') readTemplate([...at, 'body', k], v);
      for (const [name, v] of Object.entries(s.set ?? {})) {
        known.add(name);
        // The answer is in scope only here: `status` and `response` (expressions are lint-expressions.ts's).
        if (typeof v === 'string') for (const p of placeholders(v)) if (p.simple && p.ref !== 'status') reads.push({ path: [...at, 'set', name], name: p.ref });
      }
    }
  }

  for (const { path, name } of reads) {
    if (name.startsWith('profile.')) {
      const field = name.slice(8);
      if (!profile.has(field)) problems.push({ path, severity: 'warning', message: `profile.${field} is never written by this menu${hint(field, profile, 'profile.')}` });
    } else if (!known.has(name)) {
      const candidates = new Set([...known, ...Object.keys(menu.vars ?? {})].filter((v) => v !== name));
      problems.push({ path, severity: 'warning', message: `variable "${name}" is never set by this menu${hint(name, candidates, '')}` });
    }
  }
  return problems;
}

/** Variables of the map form of a condition (expression strings are checked by lint-expressions.ts). */
function mapConditionVars(c: Condition): string[] {
  if (typeof c === 'string') return [];
  if ('all' in c) return c.all.flatMap(mapConditionVars);
  if ('any' in c) return c.any.flatMap(mapConditionVars);
  return [c.var];
}

function hint(name: string, candidates: Set<string>, prefix: string): string {
  const near = nearest(name, [...candidates]);
  return near ? ` (did you mean "${prefix}${near}"?)` : '';
}
