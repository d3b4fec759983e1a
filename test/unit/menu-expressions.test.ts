import { readFileSync } from 'node:fs';
import { answerSource, continueSession, startSession, type CompiledMenu, type StepOutcome } from '../../src/menu/engine';
import type { Env } from '../../src/menu/model';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';
import { menuFrom } from '../support/menus';

const PAY = readFileSync('test/fixtures/expressions/pay.menu.yaml', 'utf8');
const safaricom: Env = { msisdn: '254700000001', serviceCode: '*500#', gateway: { name: 'africastalking', network: '63902' } };
const other: Env = { ...safaricom, gateway: { name: 'hubtel', network: '' } };

function play(menu: CompiledMenu, env: Env, inputs: readonly string[]): StepOutcome[] {
  const outs = [startSession(menu, { env })];
  for (const input of inputs) outs.push(continueSession(menu, outs.at(-1) as StepOutcome, input, env));
  return outs;
}
const texts = (outs: StepOutcome[]) => outs.map((o) => o.screen.text);

describe('a menu with expressions (test/fixtures/expressions/pay.menu.yaml)', () => {
  const pay = menuFrom(PAY);

  it('when a caller pays the amount they typed, then bounds, valid, = values, templates and the charge all use expressions', () => {
    const outs = play(pay, safaricom, ['1', '1', '600', '300', '1234', '1235', '1234']);
    expect(texts(outs)).toEqual([
      'Safaricom callers on *500#:\n1. Continue',
      'Pay via africastalking\n1. Buy airtime',
      'Amount (max 500):',
      'Not a valid amount.\nAmount (max 500):',
      'PIN:',
      'PIN again:',
      'PINs differ.\nPIN again:',
      'Paid 300 + fee = 310, left 200; half 155.',
    ]);
    const end = outs.at(-1) as StepOutcome;
    expect(end.screen.end).toBe(true);
    expect(end.ctx.vars).toMatchObject({ balance: 500, fee: 10, amount: '300', total: 310, left: 200 });
    expect(end.effects).toEqual([{ kind: 'charge', amount: 300, currency: 'KES', description: 'Airtime 300' }]);
  });

  it('when start is a branch, then it routes the caller at the dial by their network', () => {
    expect(startSession(pay, { env: other }).screen.text).toBe('Pay via hubtel\n1. Buy airtime');
    expect(texts(play(pay, other, ['1']))[1]).toBe('Amount (max 200):');
  });

  it('when a `when` expression fails (a variable not set yet), then the option is hidden and the failure comes back with its place', () => {
    const dial = startSession(pay, { env: other });
    expect(dial.screen.text).not.toContain('Big spender');
    expect(dial.failures).toEqual([{ where: 'screens.main.options.1.when', source: 'total > 100', error: 'Unknown variable: total' }]);
  });

  it('when the menu reads serviceCode, then the session keeps the code dialled (gateways that send it only at the dial)', () => {
    const dial = startSession(pay, { env: safaricom });
    expect(continueSession(pay, dial, '1', { ...safaricom, serviceCode: '' }).ctx.vars.serviceCode).toBe('*500#');
  });

  it('when a static menu does not read serviceCode, then its stored state does not grow', () => {
    const quiz = menuFrom('id: q\nserviceCodes: ["*1#"]\nstart: main\nscreens:\n  main: { type: menu, text: Hi, options: [{ label: Go, goto: bye }] }\n  bye: { type: end, text: Bye }\n');
    const dial = startSession(quiz, { env: safaricom });
    expect(quiz.stateCodec.pack(dial.state, dial.ctx)).toEqual([0]);
  });
});

describe('expressions at run time', () => {
  const menu = menuFrom(`id: rt
serviceCodes: ["*2#"]
start: amount
screens:
  amount:
    type: input
    text: "Amount:"
    save: amount
    set: { twice: "=int(amount) * 2", note: "{{amount}}!" }
    goto: done
  done:
    type: end
    text: "Double {{twice|unknown}} ({{note}})"
    effects:
      - charge: { amount: "=int(amount)", currency: KES, description: "Airtime" }
`);

  it('when a set expression fails, then its variable stays unset and the screen shows the fallback; a charge that is not a positive number is dropped', () => {
    const [, out] = play(menu, safaricom, ['abc']);
    expect(out?.screen.text).toBe('Double unknown (abc!)');
    expect(out?.ctx.vars).toEqual({ amount: 'abc', note: 'abc!' });
    expect(out?.effects).toEqual([]);
    expect(out?.failures.map((f) => f.where)).toEqual(['screens.amount.set.twice', 'screens.done.effects.0.charge.amount']);
  });

  it('when an SMS text renders empty (an unset variable), then the SMS is dropped with a reason and the charge stays', () => {
    const gift = menuFrom(`id: gift
serviceCodes: ["*3#"]
start: code
screens:
  code:
    type: input
    text: "Gift code:"
    save: code
    goto: done
  done:
    type: end
    text: "Paid. We have sent you an SMS."
    effects:
      - charge: { amount: 5, currency: KES, description: gift }
      - sms: { text: "{{nick}}" }
`);
    const [, out] = play(gift, safaricom, ['AB12']);
    expect(out?.effects).toEqual([{ kind: 'charge', amount: 5, currency: 'KES', description: 'gift' }]);
    expect(out?.failures).toEqual([{ where: 'screens.done.effects.1.sms.text', source: '{{nick}}', error: 'the SMS text is empty: the SMS is dropped' }]);
  });

  it('when the amount typed is 0, then the charge is dropped with a reason', () => {
    const [, out] = play(menu, safaricom, ['0']);
    expect(out?.effects).toEqual([]);
    expect(out?.failures).toEqual([{ where: 'screens.done.effects.0.charge.amount', source: 'int(amount)', error: 'the charge amount is not a positive number: the charge is dropped' }]);
  });
});

describe('menus:check on expressions', () => {
  const report = (source: string) => parseMenuSource(source, 'menus/pay.menu.yaml').problems.map(formatProblem);

  it('the fixture is valid', () => {
    expect(report(PAY)).toEqual([]);
  });

  it('when an expression misspells a variable, then the problem is at its file:line:column with the nearest name', () => {
    expect(report(PAY.replace('"int(amount) <= balance && pin == pin2"', '"int(amount) <= balanse && pin == pin2"'))).toEqual([
      'menus/pay.menu.yaml:62:31 unknown name "balanse" in expression (did you mean "balance"?)',
    ]);
  });

  it('when a = value, a template, a bound or an effect holds a bad expression, then each is reported where it is', () => {
    const bad = PAY.replace('"=int(amount) + fee"', '"=int(amount) +"')
      .replace('{{ total }}', '{{ totl + 1 }}')
      .replace('max: "=balance"', 'max: "=balanc"')
      .replace('amount: "=int(amount)", currency', 'amount: "=int(amont)", currency');
    expect(report(bad)).toEqual([
      'menus/pay.menu.yaml:40:12 unknown name "balanc" in expression (did you mean "balance"?)',
      'menus/pay.menu.yaml:42:33 expression does not parse: Unexpected token: EOF',
      'menus/pay.menu.yaml:67:39 unknown name "totl" in expression (did you mean "total"?)',
      'menus/pay.menu.yaml:69:33 unknown name "amont" in expression (did you mean "amount"?)',
    ]);
  });

  it('when `input` is used outside an input screen\'s `valid`, then it is an unknown name', () => {
    expect(report(PAY.replace('"total > 100"', '"input == \'1\'"'))).toEqual(['menus/pay.menu.yaml:32:16 unknown name "input" in expression']);
  });

  it('when a menu written to the old format is checked, then nothing about expressions is reported', () => {
    expect(report(readFileSync('test/fixtures/app-menus/eneza.menu.yaml', 'utf8').replace('id: eneza', 'id: pay'))).toEqual([]);
  });
});

describe('expressions on a fetch (response and status in scope in its set)', () => {
  const VOUCHERS = `id: vouchers
serviceCodes: ["*3#"]
start: load
sources:
  wallet: { url: "\${SOURCE_WALLET_URL}" }
screens:
  load:
    type: fetch
    source: wallet
    path: "/accounts/{{msisdn}}"
    set: { balance: "=response.balance", vouchers: "=response.vouchers.filter(v, v.balance > 0.0)", ok: "=status == 200", who: "{{ response.name|friend }}" }
    goto: route
    onError: down
  route:
    type: branch
    cases:
      - when: "size(vouchers) > 1 && balance >= 100"
        goto: many
    otherwise: down
  many:
    type: menu
    text: "{{who}}: {{ size(vouchers) }} vouchers, KES {{balance}}"
    options:
      - label: Pay
        goto: pay
  pay:
    type: fetch
    source: wallet
    method: POST
    path: /pay
    body: { amount: "=balance - 100", symbols: "=vouchers.map(v, v.symbol)", note: "{{who}}" }
    set: { paid: "=response.ok" }
    goto: down
    onError: down
  down: { type: end, text: "Bye" }
`;
  const menu = menuFrom(VOUCHERS);
  const body = { balance: 300, name: 'Amina', vouchers: [{ symbol: 'SRF', balance: 12.5 }, { symbol: 'GRN', balance: 0 }, { symbol: 'TKN', balance: 3 }] };

  it('when the answer comes back, then = values keep numbers and lists, and a branch after it reads them', () => {
    const out = answerSource(menu, startSession(menu, { env: safaricom }), { ok: true, status: 200, body }, safaricom);
    expect(out.ctx.vars).toEqual({ balance: 300, vouchers: [{ symbol: 'SRF', balance: 12.5 }, { symbol: 'TKN', balance: 3 }], ok: true, who: 'Amina' });
    expect(out.screen.text).toBe('Amina: 2 vouchers, KES 300\n1. Pay');
    expect(out.failures).toEqual([]);
  });

  it('when a POST body holds = values, then the JSON carries plain numbers and lists', () => {
    const shown = answerSource(menu, startSession(menu, { env: safaricom }), { ok: true, status: 200, body }, safaricom);
    const pay = continueSession(menu, shown, '1', safaricom);
    expect(JSON.parse(pay.needs?.body ?? '')).toEqual({ amount: 200, symbols: ['SRF', 'TKN'], note: 'Amina' });
  });

  it('when `response` is read outside a fetch\'s own set, then menus:check refuses it', () => {
    const problems = parseMenuSource(VOUCHERS.replace('"size(vouchers) > 1 && balance >= 100"', '"response.balance >= 100"'), 'menus/vouchers.menu.yaml', new Set(['SOURCE_WALLET_URL'])).problems.map(formatProblem);
    expect(problems).toEqual(['menus/vouchers.menu.yaml:17:16 unknown name "response" in expression']);
  });
});

describe('menus:check on what an expression gives (test/fixtures/author/vouchers.menu.yaml, triage.menu.yaml)', () => {
  const AUTHOR_VOUCHERS = readFileSync('test/fixtures/author/vouchers.menu.yaml', 'utf8');
  const TRIAGE = readFileSync('test/fixtures/author/triage.menu.yaml', 'utf8');
  const report = (source: string, file: string) => parseMenuSource(source, file, new Set(['SOURCE_SHOP_URL', 'SOURCE_SHOP_TOKEN'])).problems.map(formatProblem);

  it.each([
    ['"=size(vouchers)"', 'int'],
    ['"=holder + \'s\'"', 'string'],
    ['"=5"', 'int'],
  ])('when a generated list’s expression %s gives no list, then the problem is at its file:line:column', (list, type) => {
    expect(report(AUTHOR_VOUCHERS.replace('list: "=vouchers"', `list: ${list}`), 'menus/vouchers.menu.yaml')).toEqual([
      `menus/vouchers.menu.yaml:24:13 a generated list's expression gives ${type}, not a list: the menu would always show its empty screen`,
    ]);
  });

  it('when a generated list’s expression may give a list (a variable, a map() or filter()), then it is accepted', () => {
    for (const list of ['"=vouchers"', '"=vouchers.filter(v, v.value > 10)"', '"=size(vouchers) > 0 ? vouchers : []"']) {
      expect(report(AUTHOR_VOUCHERS.replace('list: "=vouchers"', `list: ${list}`), 'menus/vouchers.menu.yaml')).toEqual([]);
    }
  });

  it('when a condition’s expression gives a number, not true or false, then the problem is at its file:line:column', () => {
    expect(report(TRIAGE.replace('"risk + score * 2 >= 12"', '"risk + score * 2"'), 'menus/triage.menu.yaml')).toEqual([
      'menus/triage.menu.yaml:71:16 a condition gives int, not true or false: it would never hold',
    ]);
  });
});

describe('menus:check suggestions', () => {
  it('when a screen id is typed with two letters swapped, then the suggestion is the id it swaps back to', () => {
    const source = readFileSync('test/fixtures/author/vouchers.menu.yaml', 'utf8').replace('goto: pick\n    onError: down', 'goto: pick\n    onError: dwon');
    expect(parseMenuSource(source, 'menus/vouchers.menu.yaml', new Set(['SOURCE_SHOP_URL', 'SOURCE_SHOP_TOKEN'])).problems.map(formatProblem)).toEqual([
      'menus/vouchers.menu.yaml:20:14 onError "dwon" is not a screen of this menu (did you mean "down"?)',
    ]);
  });
});
