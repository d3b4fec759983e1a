import { compileMenu, type CompiledMenu } from './engine.js';
import type { GatewayLimits } from './lint-lengths.js';
import { parseMenuSource, type ParsedMenu } from './parse-menu.js';
import type { Problem } from './problems.js';

export const MENU_FILE_SUFFIX = '.menu.yaml';

/** One menu file's text as read, named as problems should name it (`menus/eneza.menu.yaml`). */
export interface MenuSource {
  file: string;
  source: string;
  /** Content hash of `source`: the version sessions are pinned to. */
  version: string;
  /** Why the file could not be read (`source` is then empty): it is refused with this, the other files load. */
  unreadable?: string;
}

/** A file that passed validation, compiled. */
export interface AcceptedMenu extends MenuSource {
  menu: CompiledMenu;
}

export interface MenuSetCheck {
  /** What serves now: every accepted file, including earlier versions kept because their file is now invalid. */
  accepted: AcceptedMenu[];
  /** Accepted files that are new or changed since `previous`: what to publish. */
  changed: AcceptedMenu[];
  /** Files of `previous` that are gone: their menus stop taking new sessions. */
  removed: AcceptedMenu[];
  /** Every problem of every file, warnings included, sorted by file and position. */
  problems: Problem[];
}

/**
 * The one validation of a directory of menus, at start-up, at every reload and in `menus:check`:
 * each file on its own (shape, references, lengths, …), then across files (unique ids, unique
 * service codes, file named after its id). A file that fails keeps its `previous` version serving;
 * on a clash the menu that was already serving keeps its id and codes. Files unchanged since
 * `previous` are not checked again. `settings`: the SOURCE_* names the service has; `gatewayLimits`:
 * each gateway's reply limit; `legacy`: the gateways with a legacy app (see `lintMenu`).
 */
export function checkMenuSet(
  sources: readonly MenuSource[],
  previous: readonly AcceptedMenu[] = [],
  settings?: ReadonlySet<string>,
  gatewayLimits?: GatewayLimits,
  legacy?: ReadonlySet<string>,
): MenuSetCheck {
  const before = new Map(previous.map((m) => [m.file, m]));
  const problems: Problem[] = [];
  const kept: AcceptedMenu[] = [];
  const candidates: { source: MenuSource; parsed: ParsedMenu }[] = [];

  for (const src of [...sources].sort((a, b) => a.file.localeCompare(b.file))) {
    const old = before.get(src.file);
    if (old?.version === src.version) {
      kept.push(old);
      continue;
    }
    if (src.unreadable !== undefined) {
      problems.push({ file: src.file, line: 1, column: 1, severity: 'error', message: src.unreadable });
      if (old) kept.push(old);
      continue;
    }
    const parsed = parseMenuSource(src.source, src.file, settings, gatewayLimits, legacy);
    problems.push(...parsed.problems);
    const id = parsed.menu?.id;
    if (id !== undefined && `${id}${MENU_FILE_SUFFIX}` !== baseName(src.file)) {
      problems.push(parsed.locate({ path: ['id'], severity: 'error', message: `the menu id is "${id}" but the file is ${baseName(src.file)}: name it ${id}${MENU_FILE_SUFFIX}` }));
    } else if (parsed.menu) {
      candidates.push({ source: src, parsed });
      continue;
    }
    if (old) kept.push(old);
  }

  const accepted = [...kept];
  const changed: AcceptedMenu[] = [];
  // A serving file's new version claims before a file that was not serving: an edit to the menu
  // that holds a code never hands the code to a file refused for claiming it too.
  const serving = (c: { source: MenuSource }) => (before.has(c.source.file) ? 0 : 1);
  candidates.sort((x, y) => serving(x) - serving(y));
  for (const { source, parsed } of candidates) {
    const menu = parsed.menu;
    if (!menu) continue;
    const clash = clashes(accepted, menu.id, menu.serviceCodes);
    if (clash) {
      problems.push(parsed.locate({ path: clash.path, severity: 'error', message: clash.message }));
      const old = before.get(source.file);
      if (old && !clashes(accepted, old.menu.id, old.menu.model.menu.serviceCodes)) accepted.push(old);
      continue;
    }
    const next = { ...source, menu: compileMenu(menu, source.version) };
    accepted.push(next);
    changed.push(next);
  }

  const present = new Set(sources.map((s) => s.file));
  const removed = previous.filter((m) => !present.has(m.file));
  return { accepted, changed, removed, problems: problems.sort(byFileAndPosition) };
}

function clashes(accepted: readonly AcceptedMenu[], id: string, codes: readonly string[]): { path: (string | number)[]; message: string } | undefined {
  const sameId = accepted.find((m) => m.menu.id === id);
  if (sameId) return { path: ['id'], message: `menu id "${id}" is already used by ${sameId.file}` };
  for (const [i, code] of codes.entries()) {
    const owner = accepted.find((m) => m.menu.model.menu.serviceCodes.includes(code));
    if (owner) return { path: ['serviceCodes', i], message: `service code ${code} is already claimed by ${owner.file}` };
  }
  return undefined;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function byFileAndPosition(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}
