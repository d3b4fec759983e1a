import { compileMenu } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';
import { namesASecret, sensitiveVariables } from '../../src/menu/sensitive-vars';

const FILE = 'menus/pay.menu.yaml';
const check = (source: string) => parseMenuSource(source, FILE);
const report = (source: string) => check(source).problems.map(formatProblem);

/** A PIN confirmation flow; `extra` screens are added under `screens`, `pinFields` onto the PIN input. */
const menu = ({ pinFields = '    sensitive: true\n', extra = '', done = 'Paid.' } = {}) =>
  [
    'id: pay',
    'serviceCodes: ["*1#"]',
    'start: pin',
    'resume: false',
    'sources:',
    '  bank: { url: "https://bank.example.com" }',
    'screens:',
    '  pin:',
    '    type: input',
    '    text: "PIN:"',
    '    save: pin',
    pinFields.trimEnd(),
    '    goto: again',
    '  again:',
    '    type: input',
    '    text: "PIN again:"',
    '    save: pin2',
    '    sensitive: true',
    '    valid: "input == pin"',
    '    goto: check',
    '  check:',
    '    type: branch',
    '    cases:',
    '      - { when: "pin == pin2", goto: pay }',
    '    otherwise: done',
    '  pay:',
    '    type: fetch',
    '    source: bank',
    '    method: POST',
    '    path: /pay',
    '    body: { pin: "{{pin}}", hash: "=pin + pin2" }',
    '    goto: done',
    '    onError: done',
    '  done:',
    '    type: end',
    `    text: "${done}"`,
    extra.trimEnd(),
    '',
  ]
    .filter((l, i, all) => l !== '' || i === all.length - 1)
    .join('\n');

describe('sensitive inputs in menus:check', () => {
  it('when a PIN is compared in a condition, checked by `valid` and sent by a fetch, then the menu is accepted without a problem', () => {
    expect(report(menu())).toEqual([]);
    expect(check(menu()).menu).toBeDefined();
  });

  it('when a text would show a sensitive value, then it is an error at the placeholder, and the menu is refused', () => {
    const source = menu({ done: 'Paid with PIN {{pin}} ({{ size(pin2) }} digits).' });
    expect(report(source)).toEqual([
      `${FILE}:36:28 "pin" is sensitive and would be shown on the screen: a sensitive value is never shown (compare it in a condition instead)`,
      `${FILE}:36:43 "pin2" is sensitive and would be shown on the screen: a sensitive value is never shown (compare it in a condition instead)`,
    ]);
    expect(check(source).menu).toBeUndefined();
  });

  it('when a copy of a PIN is made with `set` and the copy is shown, then the copy is sensitive too and the error says where it comes from', () => {
    const source = menu({ pinFields: '    sensitive: true\n    set: { code: "=pin", last: "{{code}}" }\n', done: 'Your code: {{last}}' });
    expect(report(source)).toEqual([
      `${FILE}:37:25 "last" is sensitive and would be shown on the screen: a sensitive value is never shown (compare it in a condition instead) ("last" is set from sensitive "code")`,
    ]);
  });

  it('when an effect or a profile would carry a sensitive value, then each is an error at its place', () => {
    const extra = [
      '    effects:',
      '      - sms: { text: "Your PIN is {{pin}}" }',
      '      - charge: { amount: "=int(pin2)", currency: KES, description: "Fee" }',
      '    profile: { lastPin: "{{pin}}" }',
    ].join('\n');
    expect(report(menu({ extra }))).toEqual([
      `${FILE}:38:37 "pin" is sensitive and would go into an effect, which waits in Redis and runs in the background: a sensitive value only leaves with a fetch during the session`,
      `${FILE}:39:33 "pin2" is sensitive and would go into an effect, which waits in Redis and runs in the background: a sensitive value only leaves with a fetch during the session`,
      `${FILE}:40:28 "pin" is sensitive and would be kept in the caller's profile across sessions: a sensitive value is never stored`,
    ]);
  });

  it('when an input saved to a name like "pin" does not say whether it is sensitive, then it is treated as sensitive with a warning that suggests saying so', () => {
    const source = menu({ pinFields: '    pattern: "[0-9]{4}"\n' });
    expect(report(source)).toEqual([`${FILE}:11:11 warning: the input saved to "pin" is treated as sensitive (its name says it is a secret): add "sensitive: true" to say so, or "sensitive: false" if it is not one`]);
    const compiled = compileMenu(check(source).menu!, 'v1');
    expect([...compiled.model.sensitive].sort()).toEqual(['pin', 'pin2']);
    expect(report(menu({ pinFields: '    pattern: "[0-9]{4}"\n', done: '{{pin}}' }))).toContainEqual(expect.stringContaining(`${FILE}:36:14 "pin" is sensitive`));
  });

  it('when a name says it holds a secret by one of its words, then it is one; letters inside another word are not', () => {
    const named = ['pin', 'PIN', 'pin2', 'newPin', 'pin_confirm', 'mpin', 'walletPIN', 'PINCode', 'password', 'old_passcode'];
    const plain = ['shipping', 'opinion', 'pinned', 'spinach', 'topping', 'passport', 'amount'];
    expect([...named, ...plain].filter(namesASecret)).toEqual(named);
  });

  it('when an author says `sensitive: false` on an input named like a secret (a shipping address), then it may be shown and nothing is hidden', () => {
    const source = menu({ pinFields: '    sensitive: false\n', done: 'Paid with {{pin}}.' });
    expect(report(source)).toEqual([]);
    expect([...compileMenu(check(source).menu!, 'v1').model.sensitive]).toEqual(['pin2']);
  });

  it('when sensitivity spreads through set, then a fixed point is reached whatever the order of the screens', () => {
    const parsed = check(menu({ pinFields: '    sensitive: true\n', extra: '    profile: { n: "x" }' })).menu!;
    parsed.shortcuts = { '9': { goto: 'done', set: { c: '{{b}}' } } };
    (parsed.screens.again as { set?: Record<string, string> }).set = { b: '=a + "x"', a: '{{pin}}', plain: 'x' };
    expect(Object.fromEntries(sensitiveVariables(parsed))).toEqual({ pin: { input: 'pin' }, pin2: { input: 'again' }, a: { from: 'pin' }, b: { from: 'a' }, c: { from: 'b' } });
  });
});
