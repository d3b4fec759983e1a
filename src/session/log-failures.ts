import type { UssdTurn } from '../gateways/turn.js';
import type { ExpressionFailure } from '../menu/expressions/index.js';
import type { TurnLog } from './turn-types.js';

/** An expression that failed counted as false or left a variable unset: the author should know (never a value). */
export function logFailures(log: TurnLog, turn: UssdTurn, menuId: string, failures: readonly ExpressionFailure[]): void {
  for (const f of failures) {
    const screen = f.where.startsWith('screens.') ? f.where.split('.')[1] : undefined;
    log.warn({ sessionId: turn.sessionId, gateway: turn.gateway, menu: menuId, screen, where: f.where, expression: f.source, error: f.error }, 'menu expression failed');
  }
}
