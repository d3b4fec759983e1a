import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

/* Issue 13 point 19: every page is checked against the smallest limit of the gateways a menu is served through. */

const LIMITS = new Map([
  ['africastalking', 182],
  ['hubtel', 160],
  ['nalo', 120],
]);
const report = (source: string, limits: ReadonlyMap<string, number> | 'none' = LIMITS) =>
  parseMenuSource(source, 'menus/t.menu.yaml', undefined, limits === 'none' ? undefined : limits).problems.map(formatProblem);

/**
 * A menu whose option line (never split across pages) takes 135 septets with its header and error
 * line: within pageSize 160, over Nalo's 120. Its 140-septet END text pages, so it passes anywhere.
 */
const menu = (gateways = '') =>
  `id: t\nserviceCodes: ["*1#"]\nstart: main\nresume: false\n${gateways}screens:\n  main:\n    type: menu\n    text: Pick\n    options:\n      - { label: "${'x'.repeat(100)}", goto: bye }\n  bye: { type: end, text: "${'Thank you. '.repeat(13)}" }\n`;

describe('page limits per gateway', () => {
  it('when a menu names no gateways, then it is checked against every gateway the service speaks: the smallest limit (Nalo 120)', () => {
    expect(report(menu())).toEqual([
      'menus/t.menu.yaml:8:11 screen "main" (en) takes 135 septets with its error line, over 120 septets, nalo\'s limit (the smallest of the gateways it is served through)',
    ]);
  });

  it('when a menu is served only through gateways with room (gateways: [hubtel, africastalking]), then it passes', () => {
    expect(report(menu('gateways: [hubtel, africastalking]\n'))).toEqual([]);
  });

  it('when a menu names a gateway the service does not speak, then an error at that name with the nearest one', () => {
    expect(report(menu('gateways: [hubtel, nallo]\n'))).toEqual(['menus/t.menu.yaml:5:20 "nallo" is not a gateway this service speaks (did you mean "nalo"?)']);
  });

  it('when a menu screen only fits Nalo paginated, then it passes: its pages are laid out for 120 septets', () => {
    const options = Array.from({ length: 8 }, (_, i) => `      - { label: "Option number ${i + 1} here", goto: bye }`).join('\n');
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\nresume: false\nscreens:\n  main:\n    type: menu\n    text: Pick one of these options please\n    options:\n${options}\n  bye: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual([]);
  });

  it('when an END text is longer than Nalo carries, then it passes: it is paged for 120 septets', () => {
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: bye\nresume: false\nscreens:\n  bye: { type: end, text: "${'Thank you. '.repeat(13)}" }\n`;
    expect(report(source)).toEqual([]);
  });

  it('when no gateway limits are given (a check of the menu alone), then pageSize alone applies', () => {
    expect(report(menu(), 'none')).toEqual([]);
  });
});
