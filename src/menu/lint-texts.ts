import type { Path } from './problems.js';
import type { Menu, Text } from './schema.js';

/** Calls `fn` with every text of the menu that reaches a handset, and where it is. */
export function forEachText(menu: Menu, fn: (path: Path, text: Text) => void): void {
  for (const [key, t] of Object.entries(menu.texts ?? {})) if (t !== undefined) fn(['texts', key], t);
  for (const [id, s] of Object.entries(menu.screens)) {
    const at = (...rest: (string | number)[]): Path => ['screens', id, ...rest];
    if ('text' in s) fn(at('text'), s.text);
    if (s.type === 'menu') {
      if (s.label !== undefined) fn(at('label'), s.label);
      s.options.forEach((o, i) => fn(at('options', i, 'label'), o.label));
    }
    if (s.type === 'question') s.choices.forEach((c, i) => fn(at('choices', i), c));
    if (s.type === 'input' && s.error !== undefined) fn(at('error'), s.error);
  }
}

/** Like `forEachText`, once per string: a map's strings come with their language key in the path. */
export function forEachString(menu: Menu, fn: (path: Path, source: string) => void): void {
  forEachText(menu, (path, text) => {
    if (typeof text === 'string') fn(path, text);
    else for (const [lang, s] of Object.entries(text)) fn([...path, lang], s);
  });
}
