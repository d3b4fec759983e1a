import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

const menu = (effects: string) =>
  `id: t\nserviceCodes: ["*1#"]\nlanguages: [en]\nstart: main\nscreens:\n  main:\n    type: end\n    text: Bye\n    effects:\n${effects}`;
const report = (source: string) => parseMenuSource(source, 'menus/t.menu.yaml').problems.map(formatProblem);

describe('effects in a menu file, as the kinds declare them', () => {
  it('when an effect template reads a variable never set, then the author is told at that field, for every kind', () => {
    const source = menu('      - charge: { amount: 5, currency: KES, description: "Quiz {{subjct}}" }\n      - sms: { text: "Score {{scroe}}" }\n');
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:10:58 warning: variable "subjct" is never set by this menu',
      'menus/t.menu.yaml:11:22 warning: variable "scroe" is never set by this menu (did you mean "score"?)',
    ]);
  });

  it('when an effect names no known kind, or two at once, then the menu is refused', () => {
    expect(parseMenuSource(menu('      - fax: { text: hi }\n'), 'menus/t.menu.yaml').menu).toBeUndefined();
    expect(parseMenuSource(menu('      - { sms: { text: hi }, charge: { amount: 5, currency: KES, description: x } }\n'), 'menus/t.menu.yaml').menu).toBeUndefined();
    expect(parseMenuSource(menu('      - sms: { text: hi }\n'), 'menus/t.menu.yaml').menu?.id).toBe('t');
  });
});
