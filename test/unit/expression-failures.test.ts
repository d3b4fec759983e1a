import { answerSource, continueSession, startSession, type StepOutcome } from '../../src/menu/engine';
import { menuFrom } from '../support/menus';

/* Spec (Expressions): at run time an expression that fails leaves the variable unset in `set`. */

const env = { msisdn: '254700000001' };

describe('a `set` expression that fails where its variable already holds a value', () => {
  const pay = menuFrom(`id: pay
serviceCodes: ["*1#"]
start: amount
screens:
  amount:
    type: input
    text: "Amount:"
    save: amount
    set: { total: "=int(amount) + 10" }
    goto: confirm
  confirm:
    type: menu
    text: "Pay {{total|?}}?"
    options:
      - label: Yes
        goto: paid
  paid:
    type: end
    text: "Paid {{total|nothing}}"
    effects:
      - charge: { amount: "=total", currency: KES, description: "Airtime" }
`);

  it('when the caller goes back and types an amount the expression cannot read, then the variable is unset: no earlier total is shown or charged', () => {
    const outs: StepOutcome[] = [startSession(pay, { env })];
    for (const input of ['100', '0', 'abc', '1']) outs.push(continueSession(pay, outs.at(-1) as StepOutcome, input, env));
    expect(outs.map((o) => o.screen.text)).toEqual(['Amount:', 'Pay 110?\n1. Yes', 'Amount:', 'Pay ??\n1. Yes', 'Paid nothing']);
    expect(outs[3]?.ctx.vars).toEqual({ amount: 'abc' });
    expect(outs[4]?.effects).toEqual([]);
  });
});

describe("a fetch's `set` that fails where its variable already holds a value", () => {
  const wallet = menuFrom(`id: wallet
serviceCodes: ["*2#"]
start: main
sources:
  wallet: { url: "\${SOURCE_WALLET_URL}" }
screens:
  main:
    type: menu
    text: Wallet
    options:
      - label: Balance
        goto: balance
  balance:
    type: fetch
    source: wallet
    path: /balance
    set: { balance: "=response.balance" }
    goto: show
    onError: down
  show:
    type: menu
    text: "Balance: {{balance|unknown}}"
    options:
      - label: Again
        goto: balance
  down: { type: end, text: Try later. }
`);

  it('when a second answer lacks the field, then the screen shows the fallback, not the first answer\'s balance', () => {
    const dial = startSession(wallet, { env });
    const first = answerSource(wallet, continueSession(wallet, dial, '1', env), { ok: true, status: 200, body: { balance: 500 } }, env);
    expect(first.screen.text).toBe('Balance: 500\n1. Again');
    const second = answerSource(wallet, continueSession(wallet, first, '1', env), { ok: true, status: 200, body: {} }, env);
    expect(second.screen.text).toBe('Balance: unknown\n1. Again');
    expect(second.ctx.vars).toEqual({});
    expect(second.failures.map((f) => f.where)).toEqual(['screens.balance.set.balance']);
  });
});
