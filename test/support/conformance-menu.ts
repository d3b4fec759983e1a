import { readFileSync } from 'node:fs';
import { compileMenu } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import type { TestApp } from './app';

/** Publishes the conformance table's echo service (*386#) into a running test app, as a menu reload would. */
export function publishConformanceMenu(t: TestApp): void {
  const source = readFileSync('test/fixtures/menus/conformance.menu.yaml', 'utf8');
  const parsed = parseMenuSource(source, 'conformance.menu.yaml');
  if (!parsed.menu) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  t.deps.menus.publish(compileMenu(parsed.menu, 'conformance-v1'));
}
