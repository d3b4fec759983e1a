import { visit, type Document, type LineCounter } from 'yaml';
import type { Problem } from './problems.js';

/** Most alias expansions a menu file may make: a few shared texts are fine, a "billion laughs" file is refused. */
const MAX_ALIAS_COUNT = 100;

/**
 * The parsed value of a menu document, or the problems that keep it from having one. The `yaml`
 * library finds a bad alias only when it builds the value, and throws: a file with one is a
 * problem of that file (at the alias), never a failure of the whole directory. The usual cause is
 * an unquoted service code, `[*384#]`: a leading `*` makes it an alias.
 */
export function yamlValue(doc: Document, lines: LineCounter, file: string): { value: unknown } | { problems: Problem[] } {
  const at = (offset: number, message: string): Problem => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, severity: 'error', message };
  };
  const problems: Problem[] = [];
  let first: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      const offset = node.range?.[0] ?? 0;
      first ??= offset;
      if (node.resolve(doc) === undefined) {
        problems.push(at(offset, `*${node.source} is read as a YAML alias (a leading "*" makes one) and no &${node.source} is set before it: quote it if it is text, "*${node.source}"`));
      }
    },
  });
  if (problems.length > 0) return { problems };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    const message = `this file's YAML aliases (*name) expand into too many copies (${(err as Error).message}): write the values out`;
    return { problems: [at(first ?? 0, message)] };
  }
}
