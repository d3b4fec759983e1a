import { compileModel } from './compile-model.js';
import { inputValidator } from './input-validator.js';
import { branchCycles, deadEnds, reachable } from './graph.js';
import { checkCharset } from './lint-charset.js';
import { checkLengths, pageLimitOf, type GatewayLimits } from './lint-lengths.js';
import { checkExpressions } from './lint-expressions.js';
import { checkHandoffs } from './lint-handoffs.js';
import { checkSensitive } from './lint-sensitive.js';
import { checkSources } from './lint-sources.js';
import { forEachString, forEachText } from './lint-texts.js';
import { checkKeys, checkVariables } from './lint-vars.js';
import { nearest } from './nearest.js';
import type { Path, PathProblem } from './problems.js';
import type { InputScreen, Menu } from './schema.js';
import { malformedPlaceholders } from './template.js';

/**
 * Checks a menu that has the right shape for what the shape cannot say. `settings`: the SOURCE_*
 * names the service has (at load; `menus:check` leaves it out). `gatewayLimits`: each gateway's
 * reply limit (the service and `menus:check` pass them; pages are checked at the smallest limit of
 * the gateways the menu is served through). `legacy`: the gateways with a legacy app (at load in the
 * service: a `handoff` reachable through one without is a warning).
 */
export function lintMenu(menu: Menu, settings?: ReadonlySet<string>, gatewayLimits?: GatewayLimits, legacy?: ReadonlySet<string>): PathProblem[] {
  const refs = checkReferences(menu);
  const served = pageLimitOf(menu, gatewayLimits);
  const model = compileModel(menu);
  return [
    ...refs,
    // The graph checks need every reference to resolve.
    ...(refs.length > 0 ? [] : checkGraph(menu)),
    ...checkTexts(menu),
    ...checkKeys(menu, model),
    ...checkSources(menu, settings),
    ...checkHandoffs(menu, legacy, menu.gateways ?? [...(gatewayLimits?.keys() ?? [])]),
    ...checkVariables(menu),
    ...checkExpressions(menu),
    ...checkSensitive(menu),
    ...checkCharset(menu),
    ...served.problems,
    ...checkLengths(model, served.limit),
  ];
}

function checkReferences(menu: Menu): PathProblem[] {
  const problems: PathProblem[] = [];
  const error = (path: Path, message: string) => problems.push({ path, severity: 'error', message });
  const ids = Object.keys(menu.screens);
  const ref = (path: Path, id: string, what: string) => {
    if (menu.screens[id]) return;
    const near = nearest(id, ids);
    error(path, `${what} "${id}" is not a screen of this menu${near ? ` (did you mean "${near}"?)` : ''}`);
  };

  ref(['start'], menu.start, 'start');
  for (const [key, sc] of Object.entries(menu.shortcuts ?? {})) ref(['shortcuts', key, 'goto'], sc.goto, 'shortcut target');

  for (const [id, s] of Object.entries(menu.screens)) {
    const at = (...rest: (string | number)[]): Path => ['screens', id, ...rest];
    switch (s.type) {
      case 'menu':
        if (s.goto !== undefined) ref(at('goto'), s.goto, 'goto');
        if (s.empty !== undefined) ref(at('empty'), s.empty, 'empty');
        s.options.forEach((o, i) => ref(at('options', i, 'goto'), o.goto, 'goto'));
        break;
      case 'input':
        ref(at('goto'), s.goto, 'goto');
        if (typeof s.min === 'number' && typeof s.max === 'number' && s.min > s.max) error(at('min'), `min (${s.min}) is above max (${s.max})`);
        if (s.example !== undefined && !inputValidator(withoutVariables(s))(s.example, () => undefined)) error(at('example'), `example "${s.example}" is not a valid input for this screen`);
        break;
      case 'question':
        ref(at('goto'), s.goto, 'goto');
        if (s.answer > s.choices.length) error(at('answer'), `answer ${s.answer} is not one of the ${s.choices.length} choices`);
        break;
      case 'branch':
        s.cases.forEach((c, i) => ref(at('cases', i, 'goto'), c.goto, 'goto'));
        ref(at('otherwise'), s.otherwise, 'otherwise');
        break;
      case 'fetch':
        ref(at('goto'), s.goto, 'goto');
        ref(at('onError'), s.onError, 'onError');
        break;
      case 'end':
      case 'handoff':
        break;
    }
  }
  return problems;
}

function checkGraph(menu: Menu): PathProblem[] {
  const error = (path: Path, message: string): PathProblem => ({ path, severity: 'error', message });
  const seen = reachable(menu, [menu.start, ...Object.values(menu.shortcuts ?? {}).map((s) => s.goto)]);
  return [
    ...Object.keys(menu.screens)
      .filter((id) => !seen.has(id))
      .map((id) => error(['screens', id], `screen "${id}" cannot be reached from start "${menu.start}"`)),
    ...deadEnds(menu).map((id) => error(['screens', id], `no path from screen "${id}" reaches an end (or handoff) screen`)),
    ...branchCycles(menu).map((id) => error(['screens', id], `${menu.screens[id]?.type ?? 'screen'} "${id}" can loop back to itself without showing a screen`)),
  ];
}

/** Placeholders are well-formed; every text has the default language; missing translations are warnings. */
function checkTexts(menu: Menu): PathProblem[] {
  const problems: PathProblem[] = [];
  const [defaultLang] = menu.languages;
  forEachString(menu, (path, s) => {
    let from = 0;
    for (const bad of malformedPlaceholders(s)) {
      // At the placeholder itself: a long text may hold several.
      const index = s.indexOf(bad, from);
      from = index + bad.length;
      problems.push({ path, severity: 'error', message: `malformed placeholder ${bad}: use {{name}}, {{profile.name}} or {{name|fallback}}`, char: { value: s, index } });
    }
  });
  forEachText(menu, (path, text) => {
    if (typeof text === 'string') return;
    for (const lang of Object.keys(text)) {
      if (!menu.languages.includes(lang)) problems.push({ path: [...path, lang], severity: 'error', message: `language "${lang}" is not in languages [${menu.languages.join(', ')}]` });
    }
    if (defaultLang && text[defaultLang] === undefined) problems.push({ path, severity: 'error', message: `text has no "${defaultLang}" (the default language)` });
    for (const lang of menu.languages.slice(1)) {
      if (text[lang] === undefined) problems.push({ path, severity: 'warning', message: `missing "${lang}" translation (falls back to "${defaultLang}")` });
    }
  });
  return problems;
}

/**
 * An input screen's rules that read no variable: its pattern, a number where there are bounds, its
 * number bounds. The rules that read variables (expression bounds, `valid`) can only be checked in
 * a session, so they are left out, not taken as refusing everything.
 */
function withoutVariables(s: InputScreen): InputScreen {
  const open = (b: InputScreen['min'], unbounded: number) => (typeof b === 'string' ? unbounded : b);
  return { ...s, min: open(s.min, -Infinity), max: open(s.max, Infinity), valid: undefined };
}
