import { effectExpressions, effectTemplates } from './effect-kinds/effect-kinds.js';
import { checkExpression, expressionOf, isExpressionValue, type ExpectedResult } from './expressions/index.js';
import { boundExpression } from './input-validator.js';
import { forEachString } from './lint-texts.js';
import type { Path, PathProblem } from './problems.js';
import type { Condition, Menu } from './schema.js';
import { placeholders } from './template.js';

/** Names every expression may read besides the menu's variables (spec: Built-in variables). */
export const BUILT_IN_NAMES = ['lang', 'msisdn', 'score', 'answers', 'serviceCode', 'gateway', 'profile'] as const;

/** One expression of a menu file: where it is, its source, and the names only this place adds. */
export interface ExpressionPlace {
  path: Path;
  source: string;
  /** The string value at `path` the expression sits in, and the expression's offset in it. */
  value: string;
  offset: number;
  /** `input` for an input's `valid`, `item`/`index` for a list label, `response`/`status` for a fetch's `set`. */
  local?: readonly string[];
  /** What the place needs the expression to give, where it needs one kind of value. */
  gives?: ExpectedResult;
}

/**
 * Every expression parses and names only known names: a variable set somewhere in the menu, a
 * declared `vars` entry, a built-in, a profile field, or a name of its place. Problems point at
 * the character in the file (`file:line:column`), with the nearest name.
 */
export function checkExpressions(menu: Menu): PathProblem[] {
  const known = knownNames(menu);
  return expressionPlaces(menu).flatMap((p) => {
    const names = p.local ? new Set([...known, ...p.local]) : known;
    return checkExpression(p.source, names, p.gives).map((issue) => ({
      path: p.path,
      severity: 'error' as const,
      message: issue.message,
      char: { value: p.value, index: Math.min(p.offset + issue.at, Math.max(0, p.value.length - 1)) },
    }));
  });
}

/** The names a session of this menu can hold, and the built-ins. */
export function knownNames(menu: Menu): Set<string> {
  const known = new Set<string>(BUILT_IN_NAMES);
  const add = (set: Record<string, unknown> | undefined) => Object.keys(set ?? {}).forEach((k) => known.add(k));
  for (const name of Object.keys(menu.vars ?? {})) if (!name.startsWith('profile.')) known.add(name);
  for (const sc of Object.values(menu.shortcuts ?? {})) add(sc.set);
  for (const s of Object.values(menu.screens)) {
    if ('set' in s) add(s.set);
    if ('save' in s && s.save !== undefined) known.add(s.save);
    if (s.type === 'menu') s.options.forEach((o) => add(o.set));
  }
  return known;
}

/** Every expression written in the menu, with where it is. */
export function expressionPlaces(menu: Menu): ExpressionPlace[] {
  const out: ExpressionPlace[] = [];
  const whole = (path: Path, source: string, local?: readonly string[], gives?: ExpectedResult) => out.push({ path, source, value: source, offset: 0, local, gives });
  const assigned = (path: Path, set: Record<string, string | number> | undefined, local?: readonly string[]) => {
    for (const [k, v] of Object.entries(set ?? {})) {
      if (isExpressionValue(v)) out.push({ path: [...path, k], source: expressionOf(v), value: v, offset: 1, local });
      else if (typeof v === 'string') template(out, [...path, k], v, local);
    }
  };
  const condition = (path: Path, c: Condition | undefined) => {
    if (c === undefined) return;
    if (typeof c === 'string') whole(path, c, undefined, 'bool');
    else if ('all' in c) c.all.forEach((x, i) => condition([...path, 'all', i], x));
    else if ('any' in c) c.any.forEach((x, i) => condition([...path, 'any', i], x));
  };
  const actions = (path: Path, a: { set?: Record<string, string | number>; profile?: Record<string, string | number>; effects?: Parameters<typeof effectExpressions>[0][] }) => {
    assigned([...path, 'set'], a.set);
    assigned([...path, 'profile'], a.profile);
    a.effects?.forEach((e, i) => {
      for (const t of effectTemplates(e)) template(out, [...path, 'effects', i, ...t.path], t.source);
      for (const x of effectExpressions(e)) out.push({ path: [...path, 'effects', i, ...x.path], source: x.source, value: `=${x.source}`, offset: 1 });
    });
  };

  forEachString(menu, (path, s) => template(out, path, s, textLocals(path)));
  for (const [key, sc] of Object.entries(menu.shortcuts ?? {})) assigned(['shortcuts', key, 'set'], sc.set);
  for (const [id, s] of Object.entries(menu.screens)) {
    const at = (...rest: (string | number)[]): Path => ['screens', id, ...rest];
    switch (s.type) {
      case 'menu':
        if (s.list !== undefined) {
          const source = s.list.startsWith('=') ? s.list.slice(1) : s.list;
          out.push({ path: at('list'), source, value: s.list, offset: s.list.length - source.length, gives: 'list' });
        }
        s.options.forEach((o, i) => {
          condition(at('options', i, 'when'), o.when);
          actions(at('options', i), o);
        });
        break;
      case 'input':
        actions(at(), s);
        if (s.valid !== undefined) whole(at('valid'), s.valid, ['input'], 'bool');
        for (const key of ['min', 'max'] as const) {
          const b = s[key];
          const source = boundExpression(b);
          if (typeof b === 'string' && source !== undefined) out.push({ path: at(key), source, value: b, offset: b.length - source.length });
        }
        break;
      case 'branch':
        s.cases.forEach((c, i) => condition(at('cases', i, 'when'), c.when));
        break;
      case 'end':
        actions(at(), s);
        break;
      case 'fetch':
        template(out, at('path'), s.path);
        for (const [k, v] of Object.entries(s.query ?? {})) template(out, at('query', k), v);
        assigned(at('body'), s.body);
        // The answer is in scope only in the fetch's own `set`.
        assigned(at('set'), s.set, ['response', 'status']);
        break;
      case 'question':
      case 'handoff':
        break;
    }
  }
  return out;
}

/** Names a text adds to its scope: `item` and `index` in a generated list's `label`. */
export function textLocals(path: Path): readonly string[] | undefined {
  return path[0] === 'screens' && path[2] === 'label' ? ['item', 'index'] : undefined;
}

/** The `{{ expression }}` placeholders of a template (plain `{{name}}` ones are the variables lint's). */
function template(out: ExpressionPlace[], path: Path, source: string, local?: readonly string[]): void {
  for (const p of placeholders(source)) if (!p.simple) out.push({ path, source: p.ref, value: source, offset: p.at, local });
}
