import type { UssdTurn } from '../../src/gateways/turn';
import { continueSession, startSession } from '../../src/menu/engine';
import { logFailures } from '../../src/session/log-failures';
import { capturingLogger } from '../support/log-capture';
import { menuFrom } from '../support/menus';

const menu = menuFrom(
  [
    'id: t',
    'serviceCodes: ["*1#"]',
    'start: pin',
    'screens:',
    '  pin: { type: input, text: "PIN:", save: pin, sensitive: true, valid: "{\'1234\': true}[input]", goto: code }',
    '  code: { type: input, text: "Code:", save: code, valid: "{\'42\': true}[input]", goto: bye }',
    '  bye: { type: end, text: "Bye." }',
    '',
  ].join('\n'),
);
const turn: UssdTurn = { gateway: 'arkesel', sessionId: 's-1', msisdn: '254700000001', serviceCode: '*1#', kind: 'continue', input: '' };
const env = { msisdn: '254700000001' };

describe('expression failures in the log', () => {
  it("when an expression over a sensitive value fails, then CEL's message (which may quote the value) is left out; other failures keep theirs", () => {
    const { log, lines } = capturingLogger('debug');
    const first = continueSession(menu, startSession(menu, { env }), '731946', env);
    logFailures(log, turn, menu.model, first.failures);
    const typo = continueSession(menu, { state: 'code', ctx: first.ctx }, '77', env);
    logFailures(log, turn, menu.model, typo.failures);
    expect(lines().map((l) => [l.where, l.error])).toEqual([
      ['screens.pin.valid', "failed (CEL's message is not logged: the expression reads a sensitive value, which it may quote)"],
      ['screens.code.valid', 'No such key: 77'],
    ]);
    expect(JSON.stringify(lines())).not.toContain('731946');
  });
});
