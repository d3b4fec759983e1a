import { compileMenu, continueSession, startSession, type CompiledMenu, type StepOutcome } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

/** Compiles a menu from YAML text; throws with every problem when it does not validate. */
export function menuFrom(source: string, version = 'test-v1'): CompiledMenu {
  const parsed = parseMenuSource(source, 'test.menu.yaml');
  if (!parsed.menu) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  return compileMenu(parsed.menu, version);
}

/** Plays inputs through the engine (no Redis): the outcome after each input, the dial first. */
export function play(menu: CompiledMenu, inputs: readonly string[], dialParts: readonly string[] = []): StepOutcome[] {
  const env = { msisdn: '254700000001' };
  const outs = [startSession(menu, { env, dialParts })];
  for (const input of inputs) outs.push(continueSession(menu, outs.at(-1) as StepOutcome, input, env));
  return outs;
}
