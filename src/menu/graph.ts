import type { Menu, Screen } from './schema.js';

/** The screens a screen can move to directly. */
export function successors(screen: Screen): string[] {
  switch (screen.type) {
    case 'menu':
      return [...(screen.list === undefined ? [] : [screen.goto ?? '', screen.empty ?? '']), ...screen.options.map((o) => o.goto)];
    case 'input':
    case 'question':
      return [screen.goto];
    case 'branch':
      return [...screen.cases.map((c) => c.goto), screen.otherwise];
    case 'fetch':
      return [screen.goto, screen.onError];
    case 'end':
    case 'handoff':
      return [];
  }
}

/**
 * Screen ids reachable from `from` (itself included), following every edge and shortcut; with
 * `through`, only the edges out of the screens it accepts (the others are reached, not passed).
 */
export function reachable(menu: Menu, from: readonly string[], through: (screen: Screen) => boolean = () => true): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    const screen = menu.screens[id];
    if (seen.has(id) || !screen) continue;
    seen.add(id);
    if (through(screen)) queue.push(...successors(screen));
  }
  return seen;
}

/** Screens from which no path leads to an `end` or a `handoff` screen (a learner would be stuck). */
export function deadEnds(menu: Menu): string[] {
  // Walks the edges backwards from the final screens: each screen and edge once, however the file orders them.
  const into = new Map<string, string[]>();
  for (const [id, s] of Object.entries(menu.screens)) {
    for (const target of successors(s)) {
      const from = into.get(target);
      if (from) from.push(id);
      else into.set(target, [id]);
    }
  }
  const ends = new Set(Object.entries(menu.screens).filter(([, s]) => isFinal(s)).map(([id]) => id));
  const queue = [...ends];
  while (queue.length > 0) {
    for (const from of into.get(queue.pop() as string) ?? []) {
      if (ends.has(from)) continue;
      ends.add(from);
      queue.push(from);
    }
  }
  return Object.keys(menu.screens).filter((id) => !ends.has(id));
}

/** Where this service's part of a session ends: an `end` screen, or a `handoff` to the legacy app. */
export function isFinal(screen: Screen | undefined): boolean {
  return screen?.type === 'end' || screen?.type === 'handoff';
}

/** Screens that show nothing and move on at once within the hop: `branch` and `fetch`. */
export function passesThrough(screen: Screen | undefined): boolean {
  return screen?.type === 'branch' || screen?.type === 'fetch';
}

/** Branch and fetch screens that can loop back to themselves without showing a screen (the hop would never rest). */
export function branchCycles(menu: Menu): string[] {
  return Object.entries(menu.screens)
    .filter(([id, s]) => passesThrough(s) && throughBranches(menu, successors(s)).has(id))
    .map(([id]) => id);
}

/**
 * For every shown screen, the shown screens that lead to it directly or through branches:
 * where `back` may return to.
 */
export function displayedPredecessors(menu: Menu): Map<string, Set<string>> {
  const preds = new Map<string, Set<string>>();
  for (const [id, s] of Object.entries(menu.screens)) {
    if (passesThrough(s) || isFinal(s)) continue;
    for (const target of throughBranches(menu, successors(s))) {
      if (passesThrough(menu.screens[target])) continue;
      const set = preds.get(target) ?? new Set<string>();
      set.add(id);
      preds.set(target, set);
    }
  }
  return preds;
}

/** Targets, with branch and fetch screens expanded to everything they can lead to (themselves included). */
function throughBranches(menu: Menu, targets: readonly string[]): Set<string> {
  const out = new Set<string>();
  const queue = [...targets];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    const s = menu.screens[id];
    if (s && passesThrough(s)) queue.push(...successors(s));
  }
  return out;
}
