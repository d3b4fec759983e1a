import { readFileSync } from 'node:fs';
import { needsUcs2, septets, toGsm7 } from '../../src/menu/gsm7';
import { paginate } from '../../src/menu/paginate';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';
import { splitWords } from '../../src/menu/split-words';
import { menuFrom, play } from '../support/menus';

/* Issue 12 item 4: a text longer than a page (terms, an article) is split at word boundaries into pages. */

const labels = { more: '98. More', back: '0. Back' };
const WORDS = 'The quick brown fox jumps over the lazy dog while the farmer counts his goats at dawn';
/** The words of pages, with the navigation lines taken out: what the caller reads across them. */
const wordsOf = (pages: string[]) => pages.flatMap((p) => p.split('\n').filter((l) => l !== labels.more && l !== labels.back)).join(' ').split(' ');

/** A menu whose `terms` end screen holds `text` (and sends one SMS); `extra` goes at the top level. */
const termsMenu = (text: string, extra = '') =>
  menuFrom(
    `id: t\nserviceCodes: ["*1#"]\nstart: main\n${extra}screens:\n  main:\n    type: menu\n    text: Hi\n    options:\n      - { label: Terms, goto: terms }\n` +
      `  terms:\n    type: end\n    text: "${text}"\n    effects:\n      - sms: { text: "Terms sent" }\n`,
  );
/** The pages of the terms screen, as the caller pages through them to the END. */
function pagesOf(menu: ReturnType<typeof termsMenu>): string[] {
  const inputs = ['1'];
  for (;;) {
    const out = play(menu, inputs).at(-1);
    if (!out || out.state !== 'terms' || out.screen.end) return play(menu, inputs).slice(1).map((o) => o.screen.text);
    inputs.push('98');
  }
}
/** 400 septets of numbered words: word i is `w<i>`. */
const LONG = Array.from({ length: 80 }, (_, i) => `w${String(i + 1).padStart(3, '0')}`).join(' ');

describe('splitWords', () => {
  it('when a text is longer than the room, then it is cut at the last space that fits, and the rest starts at the next word', () => {
    expect(splitWords(WORDS, 20)).toEqual(['The quick brown fox', 'jumps over the lazy dog while the farmer counts his goats at dawn']);
    expect(splitWords(WORDS, 19)).toEqual(['The quick brown fox', 'jumps over the lazy dog while the farmer counts his goats at dawn']);
    expect(splitWords(WORDS, 18)).toEqual(['The quick brown', 'fox jumps over the lazy dog while the farmer counts his goats at dawn']);
  });

  it('when the text fits, then it is taken whole', () => {
    expect(splitWords('Short text', 10)).toEqual(['Short text', '']);
  });

  it('when a line break comes before the room ends, then it is a break like a space, and no page opens blank', () => {
    expect(splitWords('First paragraph.\n\nSecond one here', 20)).toEqual(['First paragraph.', 'Second one here']);
  });

  it('when one word is longer than the room (a long link), then it is cut where the room ends: nothing else could show it', () => {
    expect(splitWords('https://soko.example/terms/2027/long', 12)).toEqual(['https://soko', '.example/terms/2027/long']);
  });

  it('when extension characters are in the text, then each costs two septets of the room', () => {
    expect(splitWords('Pay E5 E5 E5', 9)).toEqual(['Pay E5 E5', 'E5']);
    expect(splitWords('Pay €5 €5 €5', 9)).toEqual(['Pay €5', '€5 €5']);
  });
});

describe('paginate with a long text', () => {
  it('when a text alone is longer than the budget, then it is split into pages: More on each but the last, Back on each but the first, no word lost or cut', () => {
    const pages = paginate(LONG, [], 60, labels);
    expect(pages.length).toBeGreaterThan(6);
    for (const p of pages) expect(septets(p)).toBeLessThanOrEqual(60);
    pages.forEach((p, i) => {
      const lines = p.split('\n');
      expect(lines.at(-1) === labels.more).toBe(i < pages.length - 1);
      expect(lines.includes(labels.back)).toBe(i > 0);
    });
    expect(wordsOf(pages)).toEqual(LONG.split(' '));
  });

  it('when the last page ends the session (an end screen), then it offers no Back', () => {
    const pages = paginate(LONG, [], 60, labels, true);
    expect(pages.at(-1)?.split('\n')).not.toContain(labels.back);
    expect(pages[1]?.split('\n')).toContain(labels.back);
  });

  it("when a menu's text is long, then its options follow the text's last part, with Back, and keep their numbers", () => {
    const pages = paginate(WORDS, ['1. Yes', '2. No'], 45, labels);
    expect(pages).toEqual([
      'The quick brown fox jumps over the\n98. More',
      'lazy dog while the farmer\n0. Back\n98. More',
      'counts his goats at dawn\n1. Yes\n2. No\n0. Back',
    ]);
  });

  it('when the text fits a page but not with the first option, then the text has its page and the options open the next', () => {
    expect(paginate('The quick brown fox jumps over', ['1. A rather long option label', '2. No'], 45, labels)).toEqual([
      'The quick brown fox jumps over\n98. More',
      '1. A rather long option label\n2. No\n0. Back',
    ]);
  });

  it('when an option line fits no page at all, then no text page is spent on it: the text opens its page as before (the length check reports it)', () => {
    const pages = paginate('Pick', [`1. ${'x'.repeat(50)}`, '2. No'], 45, labels);
    expect(pages[0]).toBe(`Pick\n1. ${'x'.repeat(50)}\n98. More`);
  });

  it('when a long text ends in blanks (a padded value), then its last words make the last page: no page promises More with nothing after it', () => {
    expect(paginate(`A short notice${' '.repeat(100)}`, [], 40, labels, true)).toEqual(['A short notice']);
    expect(paginate(`${WORDS}${' '.repeat(100)}`, [], 40, labels, true).at(-1)).not.toMatch(/More$/);
  });

  it('when the text fits with the options, then nothing changes: one page', () => {
    expect(paginate('Pick:', ['1. Yes', '2. No'], 160, labels)).toEqual(['Pick:\n1. Yes\n2. No']);
  });
});

describe('GSM-7 and UCS-2 budgets', () => {
  it('when a text has extension characters (€), then they count two septets and the text takes more pages', () => {
    const plain = paginate(Array(60).fill('E5').join(' '), [], 60, labels);
    const euro = paginate(Array(60).fill('€5').join(' '), [], 60, labels);
    expect(euro.length).toBeGreaterThan(plain.length);
    for (const p of euro) expect(septets(p)).toBeLessThanOrEqual(60);
  });

  it('when a text has characters that would need UCS-2 as written (curly quotes, dashes), then it is paged as GSM-7 after normalising: 160-septet pages, not 70-character UCS-2 ones', () => {
    const typographic = Array(30).fill('“Soko’s” terms – read').join(' ');
    expect(needsUcs2(typographic)).toBe(true);
    const shown = pagesOf(termsMenu(typographic));
    expect(shown).toEqual(pagesOf(termsMenu(toGsm7(typographic).replace(/"/g, '\\"'))));
    for (const p of shown) {
      expect(needsUcs2(p)).toBe(false);
      expect(septets(p)).toBeLessThanOrEqual(160);
    }
    // 659 characters: at most 70 a page as UCS-2 would take 10 pages; as GSM-7 it takes 6.
    expect(typographic).toHaveLength(659);
    expect(shown).toHaveLength(6);
  });
});

describe('an end screen with a long text', () => {
  it('when the caller reaches it, then each page but the last is CON with More, and the last is END', () => {
    const outs = play(termsMenu(LONG), ['1', '98', '98', '98']);
    expect(outs.slice(1).map((o) => [o.ctx.page, o.screen.end])).toEqual([
      [0, false],
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(outs[1]?.screen.text.endsWith('\n98. More')).toBe(true);
    expect(outs[2]?.screen.text.endsWith('\n0. Back\n98. More')).toBe(true);
    expect(outs[4]?.screen.text.split('\n')).toEqual([expect.stringMatching(/w080$/)]);
    expect(wordsOf(outs.slice(1).map((o) => o.screen.text))).toEqual(LONG.split(' '));
  });

  it('when the caller pages forward, back and forward again, then its effects are decided once: when it is first reached', () => {
    const outs = play(termsMenu(LONG), ['1', '98', '0', '98', '98', 'x', '98']);
    expect(outs.map((o) => o.effects.length)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(outs[1]?.effects).toEqual([{ kind: 'sms', text: 'Terms sent' }]);
    expect(outs.map((o) => o.ctx.page)).toEqual([0, 0, 1, 0, 1, 2, 2, 3]);
    expect(outs.at(-1)?.screen.end).toBe(true);
  });

  it('when the previous key (default: back, 0) is pressed on a later page, then the page before shows', () => {
    const outs = play(termsMenu(LONG), ['1', '98', '98', '0']);
    expect(outs[4]?.screen).toEqual(outs[2]?.screen);
  });

  it('when 0 is pressed on its first page, or 00 on any page, then it is refused: the same page with the error line (the screen has done its work)', () => {
    const outs = play(termsMenu(LONG), ['1', '0', '98', '00']);
    expect(outs.map((o) => [o.state, o.ctx.page, o.ctx.error, o.screen.end])).toEqual([
      ['main', 0, 0, false],
      ['terms', 0, 0, false],
      ['terms', 0, 1, false],
      ['terms', 1, 0, false],
      ['terms', 1, 1, false],
    ]);
    expect(outs[2]?.screen.text).toBe(`Invalid choice, try again.\n${outs[1]?.screen.text}`);
    expect(outs.flatMap((o) => o.effects)).toHaveLength(1);
  });

  it('when a caller keeps pressing keys that are refused, then the session ends after maxAttempts like on any screen, without repeating the effects', () => {
    const outs = play(termsMenu(LONG), ['1', '00', '00', '00']);
    expect(outs.at(-1)?.screen).toEqual({ text: 'Too many invalid attempts. Please dial again.', end: true });
    expect(outs.flatMap((o) => o.effects)).toHaveLength(1);
  });

  it('when its text fits one page, then it is END at once, as before', () => {
    expect(play(termsMenu('Short terms.'), ['1']).at(-1)?.screen).toEqual({ text: 'Short terms.', end: true });
  });

  it('when dial parts reach it, then they page it like typed inputs, and stop at its last page', () => {
    const menu = termsMenu(LONG);
    const [dialled] = play(menu, [], ['1', '98', '98']);
    expect([dialled?.state, dialled?.ctx.page, dialled?.screen.end, dialled?.effects.length]).toEqual(['terms', 2, false, 1]);
  });
});

describe('keys.previous', () => {
  const withPrevious = `keys: { previous: "99" }\n`;

  it('when set, then it turns to the previous page and labels the Back line; back (0) then leaves the screen as on any screen', () => {
    const menu = menuFrom(
      `id: t\nserviceCodes: ["*1#"]\nstart: main\n${withPrevious}screens:\n  main:\n    type: menu\n    text: Hi\n    options:\n      - { label: Offer, goto: offer }\n` +
        `  offer:\n    type: menu\n    text: "${LONG}"\n    options:\n      - { label: Yes, goto: bye }\n  bye: { type: end, text: Bye }\n`,
    );
    const outs = play(menu, ['1', '98', '99', '98', '0']);
    expect(outs.map((o) => [o.state, o.ctx.page])).toEqual([
      ['main', 0],
      ['offer', 0],
      ['offer', 1],
      ['offer', 0],
      ['offer', 1],
      ['main', 0],
    ]);
    expect(outs[2]?.screen.text.split('\n').slice(-2)).toEqual(['99. Back', '98. More']);
  });

  it('when set on an end screen, then it turns pages there too, and 0 is refused', () => {
    const outs = play(termsMenu(LONG, withPrevious), ['1', '98', '99', '0']);
    expect(outs.map((o) => [o.ctx.page, o.ctx.error])).toEqual([
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
  });

  it('when it is left out, then it is the back key (0), shown on later pages as 0. Back', () => {
    expect(menuFrom(`id: t\nserviceCodes: ["*1#"]\nstart: bye\nscreens:\n  bye: { type: end, text: Bye }\n`).model.menu.keys).toEqual({ back: '0', home: '00', more: '98' });
    expect(play(termsMenu(LONG), ['1', '98'])[2]?.screen.text).toMatch(/\n0\. Back\n98\. More$/);
  });
});

describe('an input screen with a long text', () => {
  it('when its prompt follows a long text, then the caller pages to it, and an input is taken on any page', () => {
    const menu = menuFrom(`id: t\nserviceCodes: ["*1#"]\nstart: ask\nscreens:\n  ask:\n    type: input\n    text: "${LONG} Your name:"\n    save: name\n    goto: bye\n  bye: { type: end, text: "Bye {{name}}" }\n`);
    const outs = play(menu, ['98', '98', '98', 'Amina']);
    expect(outs[3]?.screen.text).toMatch(/Your name:\n0\. Back$/);
    expect(outs.at(-1)?.screen).toEqual({ text: 'Bye Amina', end: true });
  });
});

describe('menus:check on long text', () => {
  const report = (source: string) => parseMenuSource(source, 'menus/t.menu.yaml').problems.map(formatProblem);

  it('when end, menu and input screens have texts far over pageSize, then the menu is accepted: each page fits', () => {
    const source = readFileSync('test/fixtures/long-text/terms.menu.yaml', 'utf8');
    expect(report(source)).toEqual([]);
    const small = `id: t\nserviceCodes: ["*1#"]\nstart: ask\npageSize: 60\nresume: false\ntexts: { unavailable: Try later }\nscreens:\n  ask:\n    type: input\n    text: "${LONG}"\n    save: x\n    goto: bye\n  bye: { type: end, text: "${LONG}" }\n`;
    expect(report(small)).toEqual([]);
  });

  it('when keys.previous is the more or home key, then it is reported; the same as back is its default and passes', () => {
    const source = (keys: string) => `id: t\nserviceCodes: ["*1#"]\nstart: bye\nkeys: ${keys}\nscreens:\n  bye: { type: end, text: Bye }\n`;
    expect(report(source('{ previous: "98" }'))).toEqual(['menus/t.menu.yaml:4:19 keys.previous is "98", the same as keys.more']);
    expect(report(source('{ previous: "00" }'))).toEqual(['menus/t.menu.yaml:4:19 keys.previous is "00", the same as keys.home']);
    expect(report(source('{ previous: "0" }'))).toEqual([]);
  });
});
