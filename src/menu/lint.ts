import { branchCycles, deadEnds, reachable } from './graph.js';
import type { PathProblem, Path } from './problems.js';
import type { Menu, Text } from './schema.js';
import { malformedPlaceholders } from './template.js';

/** Checks a menu that has the right shape for what the shape cannot say. */
export function lintMenu(menu: Menu): PathProblem[] {
  const problems: PathProblem[] = [];
  const error = (path: Path, message: string) => problems.push({ path, severity: 'error', message });
  const warn = (path: Path, message: string) => problems.push({ path, severity: 'warning', message });
  const ids = Object.keys(menu.screens);
  const ref = (path: Path, id: string, what: string) => {
    if (menu.screens[id]) return;
    const near = nearest(id, ids);
    error(path, `${what} "${id}" is not a screen of this menu${near ? ` (did you mean "${near}"?)` : ''}`);
  };

  ref(['start'], menu.start, 'start');
  if (menu.screens[menu.start]?.type === 'branch') error(['start'], 'start must be a screen that shows (not a branch)');
  for (const [key, sc] of Object.entries(menu.shortcuts ?? {})) ref(['shortcuts', key, 'goto'], sc.goto, 'shortcut target');

  for (const [id, s] of Object.entries(menu.screens)) {
    const at = (...rest: (string | number)[]): Path => ['screens', id, ...rest];
    switch (s.type) {
      case 'menu':
        s.options.forEach((o, i) => ref(at('options', i, 'goto'), o.goto, 'goto'));
        break;
      case 'input':
        ref(at('goto'), s.goto, 'goto');
        if (s.min !== undefined && s.max !== undefined && s.min > s.max) error(at('min'), `min (${s.min}) is above max (${s.max})`);
        break;
      case 'question':
        ref(at('goto'), s.goto, 'goto');
        if (s.answer > s.choices.length) error(at('answer'), `answer ${s.answer} is not one of the ${s.choices.length} choices`);
        break;
      case 'branch':
        s.cases.forEach((c, i) => ref(at('cases', i, 'goto'), c.goto, 'goto'));
        ref(at('otherwise'), s.otherwise, 'otherwise');
        break;
      case 'end':
        break;
    }
  }
  if (problems.length > 0) return problems; // the graph checks below need every reference to resolve

  const seen = reachable(menu, [menu.start, ...Object.values(menu.shortcuts ?? {}).map((s) => s.goto)]);
  for (const id of ids) if (!seen.has(id)) error(['screens', id], `screen "${id}" cannot be reached from start "${menu.start}"`);
  for (const id of deadEnds(menu)) error(['screens', id], `no path from screen "${id}" reaches an end screen`);
  for (const id of branchCycles(menu)) error(['screens', id], `branch "${id}" can loop back to itself without showing a screen`);

  forEachText(menu, (path, text) => {
    const [defaultLang] = menu.languages;
    for (const s of typeof text === 'string' ? [text] : Object.values(text)) {
      for (const bad of malformedPlaceholders(s)) error(path, `malformed placeholder ${bad}: use {{name}}, {{profile.name}} or {{name|fallback}}`);
    }
    if (typeof text === 'string') return;
    for (const lang of Object.keys(text)) {
      if (!menu.languages.includes(lang)) error([...path, lang], `language "${lang}" is not in languages [${menu.languages.join(', ')}]`);
    }
    if (defaultLang && text[defaultLang] === undefined) error(path, `text has no "${defaultLang}" (the default language)`);
    for (const lang of menu.languages.slice(1)) {
      if (text[lang] === undefined) warn(path, `missing "${lang}" translation (falls back to "${defaultLang}")`);
    }
  });
  return problems;
}

/** Calls `fn` with every text of the menu and where it is. */
export function forEachText(menu: Menu, fn: (path: Path, text: Text) => void): void {
  for (const [key, t] of Object.entries(menu.texts ?? {})) if (t !== undefined) fn(['texts', key], t);
  for (const [id, s] of Object.entries(menu.screens)) {
    const at = (...rest: (string | number)[]): Path => ['screens', id, ...rest];
    if ('text' in s) fn(at('text'), s.text);
    if (s.type === 'menu') s.options.forEach((o, i) => fn(at('options', i, 'label'), o.label));
    if (s.type === 'question') s.choices.forEach((c, i) => fn(at('choices', i), c));
    if (s.type === 'input' && s.error !== undefined) fn(at('error'), s.error);
  }
}

/** The id closest to `id` by edit distance, when close enough to be a likely typo. */
export function nearest(id: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(id, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
