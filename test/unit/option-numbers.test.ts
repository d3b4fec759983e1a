import { continueSession, startSession, type CompiledMenu } from '../../src/menu/engine';
import { menuFrom } from '../support/menus';

/* An option is chosen by its number as shown: whether a menu has a `when` or a generated list must not change which inputs choose. */

const env = { msisdn: '254700000001' };
const menuOf = (options: string, extra = '') =>
  menuFrom(`id: n
serviceCodes: ["*1#"]
start: pick
screens:
  pick:
    type: menu
    text: Pick
${extra}    options:
${options}
  a: { type: end, text: A }
  b: { type: end, text: B }
`);
const STATIC = '      - { label: A, goto: a }\n      - { label: B, goto: b }';
const menus: [string, CompiledMenu][] = [
  ['a static menu', menuOf(STATIC)],
  ['a menu with a `when`', menuOf('      - { label: A, goto: a, when: "true" }\n      - { label: B, goto: b }')],
  ['a generated list', menuOf('      - { label: B, goto: b }', '    list: "=[\'A\']"\n    label: "{{item}}"\n    goto: a\n    empty: b\n')],
  [
    'a question',
    menuFrom('id: q\nserviceCodes: ["*1#"]\nstart: pick\nscreens:\n  pick: { type: question, text: Pick, choices: [A, B], answer: 1, goto: done }\n  done: { type: end, text: "{{score}}" }\n'),
  ],
];

describe.each(menus)('option numbers on %s', (_, menu) => {
  const after = (input: string) => continueSession(menu, startSession(menu, { env }), input, env);

  it('when the number is typed as shown, then it chooses', () => {
    expect(after('1').state).not.toBe('pick');
    expect(after('2').state).not.toBe('pick');
  });

  it.each(['01', '02', '002'])('when %s is typed (a leading zero), then it is refused like any other input that is not an offered number', (input) => {
    const out = after(input);
    expect(out.state).toBe('pick');
    expect(out.ctx.error).toBe(1);
  });
});
