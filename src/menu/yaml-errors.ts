import { visit, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { Problem } from './problems.js';

/**
 * The YAML syntax errors of a menu file, as problems an author can act on: each at the place to
 * look, in the author's words where the parser's are about its own grammar ("implicit keys",
 * "compact mappings", "parseAllDocuments()"), and once per place (one slip can trip two rules).
 */
export function syntaxProblems(doc: Document, source: string, lines: LineCounter, file: string): Problem[] {
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(syntaxErrorAt(doc, e, source));
    if (problems.some((p) => p.line === line && p.column === col)) continue;
    problems.push({ file, line, column: col, severity: 'error', message: wording(e, source) });
  }
  return problems;
}

function wording(e: YAMLError, source: string): string {
  switch (e.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value here holds ": ", which YAML reads as a key: put the value in quotes, or, if the next line is a field of its own, indent it less';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'this line runs on into the next: a key here lacks its ":", or the next line is indented too far';
    case 'DUPLICATE_KEY':
      return `"${keyAt(source, e.pos[0])}" appears twice in this map: a field is given once`;
    case 'MULTIPLE_DOCS':
      return 'a second YAML document starts here ("---"): a menu file holds one menu; remove this line and what follows, or move it to a file of its own';
    case 'MISSING_CHAR':
      if (e.message.startsWith('Implicit map keys need to be followed by map values')) return 'a key here needs ": " after it, the space included (text: "Hi")';
      return firstLine(e.message);
    default:
      return firstLine(e.message);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** The key written at `offset` (up to its ":"), quotes removed. */
function keyAt(source: string, offset: number): string {
  const rest = source.slice(offset, source.indexOf('\n', offset) === -1 ? undefined : source.indexOf('\n', offset));
  return rest.replace(/\s*:.*$/, '').replace(/^["']|["']$/g, '');
}

/**
 * Where the author must look: the error's offset (past leading spaces), except for an unclosed quote, which YAML finds
 * only at the end of the file; that one is placed where the quoted string opens.
 */
function syntaxErrorAt(doc: Document, e: YAMLError, source: string): number {
  let at = e.pos[0];
  // An indentation error starts at the line's first column: point at its first character instead.
  while (source[at] === ' ') at++;
  if (e.code !== 'MISSING_CHAR') return at;
  visit(doc, {
    Scalar(_key, node) {
      const [start, end] = node.range ?? [0, 0];
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && start < e.pos[0] && end >= e.pos[0]) at = start;
    },
  });
  return at;
}
