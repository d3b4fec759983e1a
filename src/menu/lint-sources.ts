import { nearest } from './nearest.js';
import type { Path, PathProblem } from './problems.js';
import type { Menu } from './schema.js';

/** `${NAME}` in a source's URL or headers. */
const SETTING = /\$\{([^}]*)\}/g;
/** A menu may only read the service's SOURCE_* settings: never REDIS_URL, a gateway secret, … */
const SOURCE_SETTING = /^SOURCE_[A-Z0-9_]+$/;

/** The SOURCE_* settings a menu names, each with where; with `only`, those of these sources alone. */
export function sourceSettings(menu: Menu, only?: ReadonlySet<string>): { name: string; path: Path }[] {
  const found: { name: string; path: Path }[] = [];
  for (const [name, s] of Object.entries(menu.sources ?? {})) {
    if (only && !only.has(name)) continue;
    const fields: [Path, string][] = [[['sources', name, 'url'], s.url], ...Object.entries(s.headers ?? {}).map(([h, v]): [Path, string] => [['sources', name, 'headers', h], v])];
    for (const [path, value] of fields) for (const m of value.matchAll(SETTING)) found.push({ name: m[1] ?? '', path });
  }
  return found;
}

/**
 * Every `${NAME}` names a SOURCE_* setting; a URL is http(s) once its settings are in; every
 * `fetch` and `call` names a declared source. With `settings` (at load in the service, the names
 * set in its environment), a setting the menu needs and the service lacks refuses the menu.
 */
export function checkSources(menu: Menu, settings?: ReadonlySet<string>): PathProblem[] {
  const problems: PathProblem[] = [];
  const error = (path: Path, message: string) => problems.push({ path, severity: 'error', message });
  for (const { name, path } of sourceSettings(menu)) {
    if (!SOURCE_SETTING.test(name)) error(path, `\${${name}}: a menu may only read SOURCE_* settings (such as SOURCE_WALLET_URL)`);
    else if (settings && !settings.has(name)) error(path, `\${${name}} is not set: set ${name} in the service's environment`);
  }
  for (const [name, s] of Object.entries(menu.sources ?? {})) {
    if (!/^(https?:\/\/|\$\{[^}]*\})/.test(s.url)) error(['sources', name, 'url'], 'a source URL starts with http://, https:// or a ${SOURCE_…} setting');
  }
  const declared = Object.keys(menu.sources ?? {});
  const named = (path: Path, source: string) => {
    if (declared.includes(source)) return;
    const near = nearest(source, declared);
    error(path, `source "${source}" is not declared under sources${near ? ` (did you mean "${near}"?)` : ''}`);
  };
  for (const [id, s] of Object.entries(menu.screens)) if (s.type === 'fetch') named(['screens', id, 'source'], s.source);
  for (const { path, source } of calls(menu)) named(path, source);
  return problems;
}

/**
 * The sources `call` effects use: the workers make those calls, so they need these sources'
 * settings too (test/deploy/kubernetes.test.ts holds the manifests to it).
 */
export function calledSources(menu: Menu): Set<string> {
  return new Set(calls(menu).map((c) => c.source));
}

/** Every `call` effect of a menu (on a screen or a menu option), with where. */
function calls(menu: Menu): { path: Path; source: string }[] {
  const found: { path: Path; source: string }[] = [];
  for (const [id, s] of Object.entries(menu.screens)) {
    const effects = 'effects' in s ? s.effects : undefined;
    const options = s.type === 'menu' ? s.options.map((o, i) => ({ at: ['screens', id, 'options', i] as Path, effects: o.effects })) : [];
    for (const { at, effects: list } of [{ at: ['screens', id] as Path, effects }, ...options]) {
      list?.forEach((e, i) => {
        if ('call' in e) found.push({ path: [...at, 'effects', i, 'call', 'source'], source: (e as { call: { source: string } }).call.source });
      });
    }
  }
  return found;
}
