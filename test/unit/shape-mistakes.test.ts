import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';

/** An author's slips in the shape of a file: each named at its place, with the name they meant. */
const report = (source: string) => parseMenuSource(source, 'menus/t.menu.yaml').problems.map(formatProblem);
const menu = (screens: string, top = '') => `id: t\nserviceCodes: ["*1#"]\nstart: main\n${top}screens:\n${screens}`;
const MAIN = '  main:\n    type: menu\n    text: Hi\n    options:\n      - label: Go\n        goto: done\n';

describe('the shape of a menu file', () => {
  it('when a field is misspelt, then the problem names the field the author meant, among those of that place', () => {
    const source = menu(`${MAIN}  done:\n    type: end\n    txet: Bye\n    efects: []\n`, 'keys: { bakc: "9" }\nsources:\n  bank: { url: "http://x", timeout: 100 }\n');
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:4:9 unknown field "bakc" (did you mean "back"?)',
      'menus/t.menu.yaml:6:28 unknown field "timeout" (did you mean "timeoutMs"?)',
      'menus/t.menu.yaml:15:5 missing required field "text"',
      'menus/t.menu.yaml:16:5 unknown field "txet" (did you mean "text"?)',
      'menus/t.menu.yaml:17:5 unknown field "efects" (did you mean "effects"?)',
    ]);
    // An end screen has no options: "optoins" there is not taken for them.
    expect(report(menu(`${MAIN}  done: { type: end, text: Bye, optoins: [] }\n`))).toEqual(['menus/t.menu.yaml:11:33 unknown field "optoins"']);
    expect(report(menu(MAIN.replace('label: Go', 'lable: Go').replace('goto: done', 'goto: done\n        when: { var: x, eq: 1, exist: true }') + '  done: { type: end, text: Bye }\n'))).toEqual([
      'menus/t.menu.yaml:9:9 missing required field "label"',
      'menus/t.menu.yaml:9:9 unknown field "lable" (did you mean "label"?)',
      'menus/t.menu.yaml:11:32 unknown field "exist" (did you mean "exists"?)',
    ]);
  });

  it('when a screen type is misspelt, then the problem lists the types and names the nearest', () => {
    expect(report(menu(`${MAIN}  done:\n    type: ned\n    text: Bye\n`))).toEqual([
      'menus/t.menu.yaml:12:11 type "ned" is not one of menu, input, question, branch, end, fetch, handoff (did you mean "end"?)',
    ]);
  });

  it('when a screen id, a variable name or a shortcut is not of the allowed form, then the problem is at that key and says the form', () => {
    const source = menu(`${MAIN.replace('goto: done', 'goto: done\n        set: { my-var: 1 }')}  done_now: { type: end, text: Bye }\n`, 'shortcuts:\n  "x": { goto: main }\n');
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:5:3 "x": a shortcut is the extra dial parts, such as "1*2"',
      'menus/t.menu.yaml:13:16 "my-var": a variable name is letters, digits and "_", not starting with a digit',
      'menus/t.menu.yaml:14:3 "done_now": a screen id is lowercase letters, digits and "-"',
    ]);
  });

  it('when a number or true/false stands where text is expected, then the problem says to quote it, spelt as in the file', () => {
    const source = menu('  main:\n    type: question\n    text: "7 x 8?"\n    choices: [54, 56, true]\n    answer: 2\n    goto: done\n  done: { type: end, text: Bye }\n', 'keys: { back: 0, home: 00 }\n');
    expect(report(source)).toEqual([
      'menus/t.menu.yaml:4:15 expected string, received number: write it in quotes, "0" (YAML reads 0 unquoted as the number 0)',
      'menus/t.menu.yaml:4:24 expected string, received number: write it in quotes, "00" (YAML reads 00 unquoted as the number 0)',
      'menus/t.menu.yaml:9:15 expected a text: a string, or a map from language code to string: write it in quotes, "54" (YAML reads 54 unquoted as the number 54)',
      'menus/t.menu.yaml:9:19 expected a text: a string, or a map from language code to string: write it in quotes, "56" (YAML reads 56 unquoted as the number 56)',
      'menus/t.menu.yaml:9:23 expected a text: a string, or a map from language code to string: write it in quotes, "true" (YAML reads true unquoted as true)',
    ]);
  });
});
