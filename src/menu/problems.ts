import { isMap, isNode, isPair, isScalar, type Document, type LineCounter } from 'yaml';

export type Severity = 'error' | 'warning';
export type Path = readonly (string | number)[];

/** One thing wrong with a menu file, at a place in it. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
}

/** A problem found on the parsed value, located later from its path in the YAML document. */
export interface PathProblem {
  path: Path;
  severity: Severity;
  message: string;
  /** Point at the key of the last path element instead of its value (unknown fields). */
  atKey?: boolean;
  /** Point at one character of the string value at `path` (`index` into `value`, as parsed). */
  char?: { value: string; index: number };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** Turns a value path into a line and column, falling back to the nearest ancestor that exists. */
export function locate(doc: Document, lines: LineCounter, file: string, p: PathProblem, source: string): Problem {
  const offset = (p.char && charOffset(doc, p.path, p.char, source)) ?? offsetOf(doc, p.path, p.atKey ?? false);
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col, severity: p.severity, message: p.message };
}

/**
 * Where a character of a string value sits in the source: the same occurrence of it inside the
 * scalar's source range. Undefined when the source spells it differently (an escape such as `\u2713`).
 */
function charOffset(doc: Document, path: Path, at: { value: string; index: number }, source: string): number | undefined {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  const ch = String.fromCodePoint(at.value.codePointAt(at.index) ?? 0);
  const occurrence = at.value.slice(0, at.index).split(ch).length - 1;
  const raw = source.slice(node.range[0], node.range[1]);
  let pos = -1;
  for (let k = 0; k <= occurrence; k++) {
    pos = raw.indexOf(ch, pos + 1);
    if (pos === -1) return undefined;
  }
  return node.range[0] + pos;
}

function offsetOf(doc: Document, path: Path, atKey: boolean): number {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    if (atKey && n === path.length && n > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === prefix.at(-1));
        if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
      }
      continue;
    }
    const node = n === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}
