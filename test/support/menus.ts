import { readFileSync } from 'node:fs';
import { compileMenu, type CompiledMenu } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

/** Compiles menu YAML written in a test; fails the test with the problems when it is invalid. */
export function menuFrom(yaml: string, version = 'test'): CompiledMenu {
  const parsed = parseMenuSource(yaml, 'test.menu.yaml');
  if (!parsed.menu) throw new Error(`invalid test menu:\n${parsed.problems.map(formatProblem).join('\n')}`);
  return compileMenu(parsed.menu, version);
}

export function shippedMenu(id: string): CompiledMenu {
  return menuFrom(readFileSync(`menus/${id}.menu.yaml`, 'utf8'), id);
}
