import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

const check = (source: string) => parseMenuSource(source, 'menus/t.menu.yaml');
const report = (source: string) => check(source).problems.map(formatProblem);

const head = (extra = '') => `id: t\nserviceCodes: ["*1#"]\nlanguages: [en, sw]\nstart: main\n${extra}screens:\n`;

describe('menu validation', () => {
  it('when a goto has a typo, then the problem names file, line, column and the nearest screen id, and the menu is refused', () => {
    const source = `${head()}  main:\n    type: menu\n    text: { en: Hi, sw: Habari }\n    options:\n      - { label: { en: Go, sw: Nenda }, goto: fnish }\n  finish: { type: end, text: { en: Bye, sw: Kwaheri } }\n`;
    expect(report(source)).toEqual(['menus/t.menu.yaml:10:47 goto "fnish" is not a screen of this menu (did you mean "finish"?)']);
    expect(check(source).menu).toBeUndefined();
  });

  it('when screens loop among themselves with no way out, then each is an error naming it, and the screen before the loop is not', () => {
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\nresume: false\nscreens:\n  main:\n    type: menu\n    text: Hi\n    options:\n      - { label: Loop, goto: ask-a }\n      - { label: Leave, goto: bye }\n  ask-a: { type: input, text: "A?", save: a, goto: ask-b }\n  ask-b: { type: input, text: "B?", save: b, goto: ask-a }\n  bye: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:12:10 no path from screen "ask-a" reaches an end (or handoff) screen',
      'menus/t.menu.yaml:13:10 no path from screen "ask-b" reaches an end (or handoff) screen',
    ]);
    expect(report(source.replace('save: b, goto: ask-a', 'save: b, goto: bye'))).toEqual([]);
  });

  it('when a chain of 3,000 screens is written in the reverse of its walk, then every screen reaches the end and the menu is accepted', () => {
    // Listed from the first question to the last, so each screen's way to the end is found only through the ones after it.
    const chain = Array.from({ length: 3000 }, (_, i) => `  q${i}: { type: input, text: "Q${i}?", save: a, goto: ${i < 2999 ? `q${i + 1}` : 'bye'} }\n`).join('');
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: q0\nresume: false\nscreens:\n${chain}  bye: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual([]);
    expect(Object.keys(check(source).menu?.screens ?? {})).toHaveLength(3001);
  });

  it('when a translation is missing, then it is a warning and the menu is still accepted', () => {
    const source = `${head()}  main:\n    type: menu\n    text: Hi\n    options:\n      - { label: { en: Go }, goto: finish }\n  finish: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual(['menus/t.menu.yaml:10:18 warning: missing "sw" translation (falls back to "en")']);
    expect(check(source).menu?.id).toBe('t');
  });

  it('when a text has characters outside GSM-7, then each is reported at its own column: "?" ones as errors, lost accents as warnings', () => {
    const source = `${head()}  main:\n    type: end\n    text:\n      en: "Done ✓ and ô"\n      sw: Kwaheri 😀\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:9:17 "✓" (U+2713) is not in the GSM-7 alphabet: handsets would get "?"',
      'menus/t.menu.yaml:9:23 warning: "ô" (U+00F4) is not in the GSM-7 alphabet: handsets get "o"',
      'menus/t.menu.yaml:10:19 "😀" (U+1F600) is not in the GSM-7 alphabet: handsets would get "?"',
    ]);
  });

  it('when a screen overflows pageSize only once its variables are at their declared length, then it is an error naming the lengths', () => {
    // A long text pages; a numbered line (here an option label with a variable) is never split, so it can still overflow.
    const source = `${head('pageSize: 60\nresume: false\ntexts: { unavailable: Busy }\nvars:\n  name: { maxLength: 40 }\n')}  main:\n    type: input\n    text: "Your name:"\n    save: name\n    goto: pay\n  pay:\n    type: menu\n    text: Pick\n    options:\n      - { label: "Pay {{name}} now", goto: bye }\n  bye: { type: end, text: { en: "Bye", sw: "Kwaheri" } }\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:18:11 screen "pay" (en) takes 83 septets with its error line, over pageSize 60 (with {{name}} at 40 characters; declare shorter vars: maxLength if they are)',
    ]);
    expect(report(source.replace('maxLength: 40', 'maxLength: 10'))).toEqual([]);
  });

  it('when a system END text such as rateLimited is longer than a page, then it is an error naming the text', () => {
    const long = 'You have used this service too often in the last minute. Please wait and dial again.';
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\npageSize: 60\nresume: false\ntexts: { unavailable: Busy, rateLimited: "${long}" }\nscreens:\n  main: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual(['menus/t.menu.yaml:6:42 system text "rateLimited" (en) takes 84 septets, over pageSize 60']);
  });

  it('when a long text holds a word no page can hold whole, then a warning names it: it would be cut where the page ends', () => {
    const link = `https://example.org/${'a'.repeat(60)}`;
    const words = Array.from({ length: 30 }, () => 'word').join(' ');
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\npageSize: 60\nresume: false\ntexts: { unavailable: Busy, rateLimited: Slow down }\nscreens:\n  main: { type: end, text: "${words} ${link} end" }\n`;
    expect(report(source)).toEqual([`menus/t.menu.yaml:8:28 warning: screen "main" (en): "https://example.org/aaaaaaa..." (80 septets) is longer than a page can hold (${60 - 'Invalid choice, try again.'.length - 1 - '0. Back\n98. More'.length - 1}): it is cut where the page ends`]);
    expect(report(source.replace(link, 'https://e.org'))).toEqual([]);
  });

  it('when a variable has no declared length, then 20 characters are assumed, or its fallback when longer', () => {
    const text = `"{{who|somebody with a very long fallback name here}} / {{what}} / 0123456789"`;
    const source = `${head('pageSize: 70\nresume: false\n')}  main: { type: menu, text: Hi, options: [{ label: ${text}, goto: bye }] }\n  bye: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:8:29 screen "main" (en) takes 113 septets with its error line, over pageSize 70 (with {{who}} at 44, {{what}} at 20 characters; declare shorter vars: maxLength if they are)',
      'menus/t.menu.yaml:8:52 warning: variable "who" is never set by this menu',
      'menus/t.menu.yaml:8:52 warning: variable "what" is never set by this menu',
    ]);
  });

  it('when a long menu is paginated, then it is accepted as long as every page fits, and refused when one label cannot fit any page', () => {
    const options = (label: string) => Array.from({ length: 9 }, () => `      - { label: "${label}", goto: bye }`).join('\n');
    const menu = (label: string) => `${head('pageSize: 100\n')}  main:\n    type: menu\n    text: Pick\n    options:\n${options(label)}\n  bye: { type: end, text: Bye }\n`;
    expect(report(menu('A label of some length here'))).toEqual([]);
    expect(report(menu('A label so long that together with the error line it cannot fit'))[0]).toBe(
      'menus/t.menu.yaml:9:11 screen "main" (en) page 2 of 9 (and 8 other pages) takes 110 septets with its error line, over pageSize 100',
    );
  });

  it('when an option number equals a navigation key, then that option is reported as one that can never be chosen', () => {
    const options = Array.from({ length: 9 }, (_, i) => `      - { label: "O${i + 1}", goto: bye }`).join('\n');
    const source = `${head('keys: { more: "9", back: "9" }\n')}  main:\n    type: menu\n    text: Pick\n    options:\n${options}\n  bye: { type: end, text: Bye }\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:5:15 keys.more is "9", the same as keys.back',
      'menus/t.menu.yaml:19:9 option 9 can never be chosen: "9" is the back key (use fewer options or change keys.back)',
      'menus/t.menu.yaml:19:9 option 9 can never be chosen: "9" is the more key (use fewer options or change keys.more)',
    ]);
  });

  it('when a variable is read but never set, or lang is set to a language the menu lacks, then the author hears of it', () => {
    const source = `${head()}  main:\n    type: menu\n    text: "Score {{scroe}}"\n    options:\n      - { label: Swahili, set: { lang: sv }, goto: main }\n      - { label: End, goto: bye }\n  bye: { type: end, text: "{{profile.best|none}}" }\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:8:11 warning: variable "scroe" is never set by this menu (did you mean "score"?)',
      'menus/t.menu.yaml:10:40 lang "sv" is not in languages [en, sw]',
      'menus/t.menu.yaml:12:27 warning: profile.best is never written by this menu',
    ]);
  });

  it('when an input accepts what the back or home key is, then it is a warning: the key is taken before the input', () => {
    const screen = (rules: string, start = 'hello') =>
      `id: t\nserviceCodes: ["*1#"]\nstart: ${start}\nresume: false\nscreens:\n  hello:\n    type: menu\n    text: Hi\n    options:\n      - { label: Go, goto: main }\n  main:\n    type: input\n    text: "Children?"\n    save: kids\n${rules}    goto: bye\n  bye: { type: end, text: Bye }\n`;
    const back = `menus/t.menu.yaml:12:5 warning: "0" can never be entered here: it is keys.back, taken before the input (change the input's rules, or keys.back)`;
    const home = `menus/t.menu.yaml:12:5 warning: "00" can never be entered here: it is keys.home, taken before the input (change the input's rules, or keys.home)`;
    expect(report(screen('    min: 0\n    max: 20\n'))).toEqual([back, home]);
    expect(report(screen('    pattern: "[0-9]{1,3}"\n'))).toEqual([back, home]);
    expect(report(screen('    min: 1\n    max: 20\n'))).toEqual([]);
    // Bounds read from variables are not known until the call: nothing is said.
    expect(report(screen('    min: "=0"\n    max: 20\n'))).toEqual([]);
    // On the start screen back has nowhere to go: only home is taken.
    expect(report(screen('    min: 0\n    max: 20\n', 'main')).filter((p) => p.includes('keys.'))).toEqual([home]);
  });

  it('when an example breaks its screen\'s pattern, then it is an error even where a bound or valid reads variables', () => {
    const screen = (rules: string) => `id: t\nserviceCodes: ["*1#"]\nstart: main\nresume: false\nscreens:\n  main:\n    type: input\n    text: "Qty:"\n    save: qty\n    example: "abc"\n${rules}    goto: bye\n  bye: { type: end, text: Bye }\n`;
    const refused = 'menus/t.menu.yaml:10:14 example "abc" is not a valid input for this screen';
    expect(report(screen('    pattern: "[0-9]+"\n    valid: "int(input) > 3"\n'))).toEqual([refused]);
    expect(report(screen('    min: 1\n    max: "=int(limit)"\n    set: { limit: 9 }\n'))).toEqual([refused]);
    // Whether "abc" passes a rule over variables is known only in a session.
    expect(report(screen('    valid: "input != pin"\n    set: { pin: 1 }\n    sensitive: false\n'))).toEqual([]);
  });

  it('when a fetch retries through a branch with no way to rest, then each screen of the loop is named by its own type', () => {
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: get\nresume: false\nsources:\n  bank: { url: "http://bank.example" }\nscreens:\n  get: { type: fetch, source: bank, path: /a, goto: done, onError: retry }\n  retry:\n    type: branch\n    cases: [{ when: "1 == 2", goto: done }]\n    otherwise: get\n  done: { type: end, text: Done }\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:8:8 fetch "get" can loop back to itself without showing a screen',
      'menus/t.menu.yaml:10:5 branch "retry" can loop back to itself without showing a screen',
    ]);
  });

  it('when a placeholder is left open or empty, then each is reported at its own "{{", in a translation too', () => {
    const source = `${head()}  main:\n    type: end\n    text:\n      en: "Hi {{ }} and {{ }}, bye {{name"\n      sw: "Habari {{jina"\n`;
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:9:15 malformed placeholder {{ }}: use {{name}}, {{profile.name}} or {{name|fallback}}',
      'menus/t.menu.yaml:9:25 malformed placeholder {{ }}: use {{name}}, {{profile.name}} or {{name|fallback}}',
      'menus/t.menu.yaml:9:36 malformed placeholder {{name: use {{name}}, {{profile.name}} or {{name|fallback}}',
      'menus/t.menu.yaml:10:19 malformed placeholder {{jina: use {{name}}, {{profile.name}} or {{name|fallback}}',
    ]);
  });

  it('when the shape is wrong, then unknown fields and missing ones are named at their place', () => {
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\nscreens:\n  main:\n    type: end\n    txt: Bye\n`;
    expect(report(source)).toEqual(['menus/t.menu.yaml:6:5 missing required field "text"', 'menus/t.menu.yaml:7:5 unknown field "txt" (did you mean "text"?)']);
  });

  it('when a line is indented one space short, then the YAML error is reported at that line and column, not 1:1', () => {
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\nscreens:\n  main:\n    type: end\n   text: Bye\n`;
    expect(report(source)).toEqual(['menus/t.menu.yaml:7:4 All mapping items must start at the same column']);
  });

  it('when a quote is never closed, then the error points at the line and column where the quoted text opens', () => {
    const source = `id: t\nserviceCodes: ["*1#"]\nstart: main\nscreens:\n  main:\n    type: end\n    text: "Bye\n  other: { type: end, text: x }\n`;
    expect(report(source)).toEqual(['menus/t.menu.yaml:7:11 Missing closing "quote']);
  });
});
