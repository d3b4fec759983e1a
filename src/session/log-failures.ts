import type { UssdTurn } from '../gateways/turn.js';
import type { ExpressionFailure } from '../menu/expressions/index.js';
import type { MenuModel } from '../menu/model.js';
import { expressionNameUses } from '../menu/name-uses.js';
import type { TurnLog } from './turn-types.js';

/** An expression that failed counted as false or left a variable unset: the author should know (never a value). */
export function logFailures(log: TurnLog, turn: UssdTurn, model: MenuModel, failures: readonly ExpressionFailure[]): void {
  for (const f of failures) {
    const screen = f.where.startsWith('screens.') ? f.where.split('.')[1] : undefined;
    const error = readsSecret(model, f, screen) ? HIDDEN : f.error;
    const fields = { sessionId: turn.sessionId, gateway: turn.gateway, menu: model.menu.id, screen, where: f.where, expression: f.source, error };
    if (f.severe) log.error(fields, 'menu expression failed');
    else log.warn(fields, 'menu expression failed');
  }
}

const HIDDEN = "failed (CEL's message is not logged: the expression reads a sensitive value, which it may quote)";

/** The expression reads a sensitive variable, or the `input` of a sensitive screen (its `valid`, `min`, `max`). */
function readsSecret(model: MenuModel, f: ExpressionFailure, screen: string | undefined): boolean {
  if (model.sensitive.size === 0) return false;
  const s = screen === undefined ? undefined : model.screens.get(screen);
  const secretInput = s?.kind === 'input' && s.sensitive;
  return expressionNameUses(f.source).some((u) => model.sensitive.has(u.name) || (secretInput && u.name === 'input'));
}
