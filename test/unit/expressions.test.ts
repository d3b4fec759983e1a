import { checkExpression, collectFailures, compileExpression, type Value } from '../../src/menu/expressions';
import { compileTemplate } from '../../src/menu/template';

const scope =
  (vars: Record<string, Value>) =>
  (name: string): Value | undefined =>
    vars[name];

describe('expressions: compiled once, evaluated to plain values', () => {
  it('when an expression does arithmetic on a whole-number variable, then the result is a plain number (300, not 300n)', () => {
    expect(compileExpression('score + 1', 'x').evaluate(scope({ score: 299 }))).toBe(300);
    expect(compileExpression('int(amount) * 2', 'x').evaluate(scope({ amount: '150' }))).toBe(300);
  });

  it('when a source gave numbers inside a list, then they are doubles and list macros work on them', () => {
    const vouchers = [
      { symbol: 'SRF', balance: 12.5 },
      { symbol: 'GRN', balance: 0 },
    ];
    expect(compileExpression('vouchers.filter(v, v.balance > 0.0).map(v, v.symbol)', 'x').evaluate(scope({ vouchers }))).toEqual(['SRF']);
    expect(compileExpression('size(vouchers)', 'x').evaluate(scope({ vouchers }))).toBe(2);
  });

  it("when a source's JSON nests thousands deep (under 64 KB), then keeping it fails like any expression, without throwing; a shallow field of it reads", () => {
    let deep: Value = [];
    for (let i = 0; i < 30_000; i++) deep = [deep];
    const response: Value = { name: 'Amina', a: deep };
    const [kept, failures] = collectFailures(() => compileExpression('response.a', 'screens.load.set.a').evaluate(scope({ response })));
    expect(kept).toBeUndefined();
    expect(failures.map((f) => f.where)).toEqual(['screens.load.set.a']);
    expect(compileExpression('response.name', 'x').evaluate(scope({ response }))).toBe('Amina');
  });

  it('when an expression gives a CEL value that is not plain JSON, then an unsigned int is a number and the rest (durations, types) fail instead of being kept as {}', () => {
    expect(compileExpression('uint(amount)', 'x').evaluate(scope({ amount: '300' }))).toBe(300);
    for (const source of ['duration("90s")', 'type(amount)']) {
      const [kept, failures] = collectFailures(() => compileExpression(source, 'screens.pay.set.x').evaluate(scope({ amount: '300' })));
      expect(kept).toBeUndefined();
      expect(failures.map((f) => f.where)).toEqual(['screens.pay.set.x']);
    }
  });

  it('when an int is past what a plain number holds exactly (2^53), then it fails instead of being rounded: a typed amount is never charged as another', () => {
    for (const amount of ['9007199254740993', '-9007199254740993']) {
      const [kept, failures] = collectFailures(() => compileExpression('int(amount)', 'screens.pay.effects.0.charge.amount').evaluate(scope({ amount })));
      expect(kept).toBeUndefined();
      expect(failures).toHaveLength(1);
    }
    expect(collectFailures(() => compileExpression('int(1e30)', 'x').evaluate(scope({})))[0]).toBeUndefined();
    expect(compileExpression('int(amount)', 'x').evaluate(scope({ amount: '9007199254740991' }))).toBe(9007199254740991);
  });

  it('when an int meets a double, then comparison works and arithmetic needs one type', () => {
    const balance = compileExpression('int(amount) <= acct.balance', 'x');
    expect(balance.test(scope({ amount: '250', acct: { balance: 300 } }))).toBe(true);
    expect(balance.test(scope({ amount: '350', acct: { balance: 300 } }))).toBe(false);
    expect(collectFailures(() => compileExpression('acct.balance - 1', 'x').evaluate(scope({ acct: { balance: 300 } })))[0]).toBeUndefined();
  });

  it('when an expression fails at run time, then it gives nothing, a condition is false, and the failure names its place and source', () => {
    const [value, failures] = collectFailures(() => compileExpression('int(amount) + 1', 'screens.pay.set.total').evaluate(scope({ amount: '12x' })));
    expect(value).toBeUndefined();
    expect(failures).toEqual([{ where: 'screens.pay.set.total', source: 'int(amount) + 1', error: 'int() type error: cannot convert to int' }]);
    const [held, missing] = collectFailures(() => compileExpression('pin == pin2', 'screens.check.cases.0.when').test(scope({ pin: '1234' })));
    expect(held).toBe(false);
    expect(missing).toEqual([{ where: 'screens.check.cases.0.when', source: 'pin == pin2', error: 'Unknown variable: pin2' }]);
  });

  it('when a condition gives something other than true or false, then it is false and reported', () => {
    const [held, failures] = collectFailures(() => compileExpression('amount', 'w').test(scope({ amount: '5' })));
    expect(held).toBe(false);
    expect(failures[0]?.error).toBe('a condition must give true or false, not string');
  });

  it('when the same expression fails twice in one step, then it is reported once', () => {
    const e = compileExpression('missing > 1', 'w');
    const [, failures] = collectFailures(() => [e.test(scope({})), e.test(scope({}))]);
    expect(failures).toHaveLength(1);
  });

  it('names: top-level names and profile fields, not names bound by a macro', () => {
    expect(compileExpression('vouchers.map(v, v.symbol + suffix).size() > profile.min', 'x').names).toEqual(['vouchers', 'suffix', 'profile.min']);
  });
});

describe('checkExpression (menus:check)', () => {
  const known = new Set(['amount', 'balance', 'vouchers', 'profile']);

  it('when a name is misspelled, then the problem is at its offset with the nearest known name', () => {
    expect(checkExpression('int(amout) <= balance', known)).toEqual([{ message: 'unknown name "amout" in expression (did you mean "amount"?)', at: 4 }]);
  });

  it('when the expression does not parse, then the problem says so at the offending offset', () => {
    expect(checkExpression('amount +', known)).toEqual([{ message: 'expression does not parse: Unexpected token: EOF', at: 8 }]);
  });

  it('when a macro binds a name or a profile field is read, then neither is unknown', () => {
    expect(checkExpression('vouchers.exists(v, v.balance > 0.0) && profile.anything == "x"', known)).toEqual([]);
  });

  it('when an input (always a string) is compared or added to a number, then it is a type error saying how to make a number of it', () => {
    const withInput = new Set([...known, 'input', 'msisdn']);
    const hint = ' (input, msisdn and serviceCode are strings: int(input) makes a number of one)';
    expect(checkExpression('input > 3', withInput).map((i) => i.message)).toEqual([`expression does not type-check: no such overload: string > int${hint}`]);
    expect(checkExpression('msisdn + 1 != ""', withInput).map((i) => i.message)).toEqual([`expression does not type-check: no such overload: string + int${hint}`]);
    expect(checkExpression('int(input) > 3 && size(input) < 4 && input.startsWith("1") && input == msisdn', withInput)).toEqual([]);
  });

  it('when matches() is given a pattern that nests unbounded repeats, then it is reported at the pattern, as an input pattern would be', () => {
    expect(checkExpression('amount.matches("([0-9]+,?)+") || amount.matches("(a*)*")', known)).toEqual([
      { message: "matches() pattern: a repeated group that itself repeats without bound (as in (a+)+) can take minutes on one caller's input: repeat the inner part a bounded number of times, or write the pattern without the nesting", at: 15 },
      { message: "matches() pattern: a repeated group that itself repeats without bound (as in (a+)+) can take minutes on one caller's input: repeat the inner part a bounded number of times, or write the pattern without the nesting", at: 48 },
    ]);
    expect(checkExpression('amount.matches("^[0-9]+(,[0-9]+)*$")', known)).toEqual([]);
  });

  it('when a function does not exist, then it is a type error', () => {
    expect(checkExpression('sqrt(balance)', known)[0]?.message).toMatch(/^expression does not type-check: /);
  });
});

describe('templates with expressions', () => {
  it('when {{ }} holds an expression, then its value is inserted; on failure, the fallback', () => {
    const t = compileTemplate('Total {{ int(amount) + fee }} ({{ acct.name|friend}})');
    expect(t.render(scope({ amount: '300', fee: 10, acct: { name: 'Amina' } }))).toBe('Total 310 (Amina)');
    expect(collectFailures(() => t.render(scope({ amount: 'x', fee: 10, acct: {} })))[0]).toBe('Total  (friend)');
    expect(t.vars).toEqual(['amount', 'fee', 'acct']);
  });

  it('when an expression uses ||, then it is not taken for a fallback', () => {
    expect(compileTemplate('{{ a || b | no }}').render(scope({ a: false, b: true }))).toBe('true');
  });

  it('when the fallback is written with spaces around it, as the expression is, then the spaces are not shown', () => {
    expect(compileTemplate('Hi {{ name | there }}, {{ int(n) + 1 | no number }}!').render(scope({ n: 'x' }))).toBe('Hi there, no number!');
  });

  it('when {{name}} is a plain variable, then it is looked up without CEL, as before', () => {
    expect(compileTemplate('Hi {{name|there}}').render(scope({}))).toBe('Hi there');
  });
});
