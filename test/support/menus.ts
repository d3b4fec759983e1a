import { readFileSync } from 'node:fs';
import { compileMenu, continueSession, startSession, type CompiledMenu, type StepOutcome } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';
import { FIXTURE_MENUS_DIR } from './fixture-menus';

/** Compiles menu YAML written in a test; fails the test with the problems when it is invalid. */
export function menuFrom(yaml: string, version = 'test'): CompiledMenu {
  const parsed = parseMenuSource(yaml, 'test.menu.yaml');
  if (!parsed.menu) throw new Error(`invalid test menu:\n${parsed.problems.map(formatProblem).join('\n')}`);
  return compileMenu(parsed.menu, version);
}

/** A menu of the fixture set the product tests serve (never the shipped menus/, which authors change). */
export function fixtureMenu(id: string): CompiledMenu {
  return menuFrom(readFileSync(`${FIXTURE_MENUS_DIR}/${id}.menu.yaml`, 'utf8'), id);
}

/** Plays inputs through the engine (no Redis): the outcome after the dial and after each input. */
export function play(menu: CompiledMenu, inputs: readonly string[], dialParts: readonly string[] = []): StepOutcome[] {
  const env = { msisdn: '254700000001' };
  const outs = [startSession(menu, { env, dialParts })];
  for (const input of inputs) outs.push(continueSession(menu, outs.at(-1) as StepOutcome, input, env));
  return outs;
}
