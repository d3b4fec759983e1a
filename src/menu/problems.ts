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
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** Turns a value path into a line and column, falling back to the nearest ancestor that exists. */
export function locate(doc: Document, lines: LineCounter, file: string, p: PathProblem): Problem {
  const offset = offsetOf(doc, p.path, p.atKey ?? false);
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col, severity: p.severity, message: p.message };
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
