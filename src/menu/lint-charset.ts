import { lossyCharacters } from './gsm7.js';
import { forEachString } from './lint-texts.js';
import type { PathProblem } from './problems.js';
import type { Menu } from './schema.js';

/**
 * Characters a handset cannot show as written, at their position in the file: an error when it
 * would get `?`, a warning when a letter only loses its accent.
 */
export function checkCharset(menu: Menu): PathProblem[] {
  const problems: PathProblem[] = [];
  forEachString(menu, (path, source) => {
    for (const c of lossyCharacters(source)) {
      const code = `U+${(c.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      problems.push(
        c.sentAs === '?'
          ? { path, severity: 'error', message: `"${c.char}" (${code}) is not in the GSM-7 alphabet: handsets would get "?"`, char: { value: source, index: c.index } }
          : { path, severity: 'warning', message: `"${c.char}" (${code}) is not in the GSM-7 alphabet: handsets get "${c.sentAs}"`, char: { value: source, index: c.index } },
      );
    }
  });
  return problems;
}
