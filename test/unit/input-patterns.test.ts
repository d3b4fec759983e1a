import { inputValidator } from '../../src/menu/input-validator';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

/*
 * An input's `pattern` runs on what a caller types, on the reply path. A repeated group that itself
 * repeats backtracks exponentially on an input that almost matches: `([0-9]+,?)+` and 30 digits and
 * a letter hold the process (every caller of the replica) for seconds, 40 for hours.
 */

const menuWith = (pattern: string) =>
  `id: t\nserviceCodes: ["*1#"]\nstart: ask\nresume: false\nscreens:\n  ask:\n    type: input\n    text: "Codes:"\n    save: codes\n    pattern: '${pattern}'\n    goto: bye\n  bye: { type: end, text: Bye }\n`;
const report = (pattern: string) => parseMenuSource(menuWith(pattern), 'menus/t.menu.yaml').problems.map(formatProblem);

describe('input patterns that can backtrack exponentially', () => {
  it('when a pattern nests one unbounded repeat inside another, then the menu is refused at the pattern', () => {
    for (const pattern of ['([0-9]+,?)+', '(a*)*', '(?:\\d+)*', '(a+){2,}', '(a+){1,5}', '((a|b)+c?)+', '(?<digits>[0-9]+ ?)*']) {
      expect([pattern, report(pattern)]).toEqual([
        pattern,
        ['menus/t.menu.yaml:10:14 a repeated group that itself repeats without bound (as in (a+)+) can take minutes on one caller\'s input: repeat the inner part a bounded number of times, or write the pattern without the nesting'],
      ]);
    }
  });

  it('when repeats are bounded, side by side, escaped or inside a character class, then the pattern is accepted', () => {
    for (const pattern of ['[0-9]{4}', '[0-9]+(,[0-9]+)*', '(\\d{3})+', '(a|b)+', '\\(a+\\)+', '[(a+)]+', '(0[0-9]{9})?', '[A-Za-z ]{2,30}', '(x(ab+)?)+', '(?:\\+?[0-9]+)?']) {
      expect([pattern, report(pattern).filter((p) => !p.includes(' warning: '))]).toEqual([pattern, []]);
    }
  });

  it('the safe way to write a list of numbers checks a long almost-matching input at once', () => {
    const accepts = inputValidator({ type: 'input', text: 'x', save: 'codes', goto: 'bye', pattern: '[0-9]+(,[0-9]+)*' });
    const started = Date.now();
    expect(accepts(`${'1'.repeat(160)}x`, () => undefined)).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
