import type { CompiledScreen } from './model.js';

/**
 * The screens a dial can first rest on: `start` itself or, when `start` is a branch or a fetch, each
 * screen it leads to without an input. A session still on one of them has shown the caller nothing
 * past the dial, so it has nothing to resume.
 */
export function startScreens(start: string, screens: ReadonlyMap<string, CompiledScreen>): ReadonlySet<string> {
  const found = new Set<string>();
  const next = [start];
  for (let id = next.pop(); id !== undefined; id = next.pop()) {
    if (found.has(id)) continue;
    found.add(id);
    const screen = screens.get(id);
    if (screen?.kind === 'branch') next.push(...screen.cases.map((c) => c.goto), screen.otherwise);
    if (screen?.kind === 'fetch') next.push(screen.goto, screen.onError);
  }
  return found;
}
