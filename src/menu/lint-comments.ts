import { isScalar, type Document, type LineCounter } from 'yaml';
import { forEachString } from './lint-texts.js';
import type { Problem } from './problems.js';
import type { Menu } from './schema.js';

/**
 * Texts YAML cut short: in an unquoted text, " #" starts a comment, so `text: Press # to go back`
 * shows "Press" on the handset. A warning at the "#", for every text a handset shows: quoting the
 * text says which was meant.
 */
export function textsCutByComments(doc: Document, menu: Menu, source: string, lines: LineCounter, file: string): Problem[] {
  const problems: Problem[] = [];
  forEachString(menu, (path, text) => {
    const node = doc.getIn(path, true);
    if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return;
    const end = node.range[1];
    const lineEnd = source.indexOf('\n', end);
    const hash = source.slice(end, lineEnd === -1 ? undefined : lineEnd).indexOf('#');
    if (hash === -1) return;
    const { line, col } = lines.linePos(end + hash);
    const message = `the text ends at "${text}": YAML reads " #" as the start of a comment; quote the text, with the "#…" inside if it belongs to it, or before it if the comment is meant`;
    problems.push({ file, line, column: col, severity: 'warning', message });
  });
  return problems;
}
