/** What the lint says of such a pattern (an input's `pattern`, a literal given to `matches()`). */
export const NESTED_REPEATS =
  "a repeated group that itself repeats without bound (as in (a+)+) can take minutes on one caller's input: repeat the inner part a bounded number of times, or write the pattern without the nesting";

/**
 * Whether a regular expression repeats a group that itself repeats without bound and nothing in
 * the group is required to appear once: `(a+)+`, `([0-9]+,?)*`, `(?:\d+){2,}`. On an input that
 * almost matches, JavaScript's backtracking tries every way to split it between the repeats: time
 * doubles with each character. A group with a required part of its own (`(,[0-9]+)*`: each round
 * starts with a comma) splits one way only and is not reported. A heuristic for the common shapes:
 * overlapping alternatives (`(a|ab)+`) or a required part the repeat can also match (`(a+a)+`)
 * are not found.
 */
export function nestsUnboundedRepeats(pattern: string): boolean {
  const stack: Group[] = [group()];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    const top = stack[stack.length - 1] as Group;
    if (c === '(') {
      i += 1 + groupPrefix(pattern, i + 1);
      stack.push(group());
      continue;
    }
    if (c === '|') top.alternation = true;
    if (c === '|' || c === '^' || c === '$') {
      i++;
      continue;
    }
    let atom: Atom;
    if (c === ')') {
      const closed = stack.length > 1 ? (stack.pop() as Group) : top;
      atom = { unbounded: closed.unbounded, required: closed.required && !closed.alternation, group: true };
      i++;
    } else {
      atom = { unbounded: false, required: true, group: false };
      i = c === '\\' ? i + 2 : c === '[' ? classEnd(pattern, i) : i + 1;
    }
    const parent = stack[stack.length - 1] as Group;
    const q = quantifier(pattern, i);
    if (!q) {
      parent.unbounded ||= atom.unbounded;
      parent.required ||= atom.required;
      continue;
    }
    i += q.length;
    if (atom.group && atom.unbounded && !atom.required && q.max > 1) return true;
    parent.unbounded ||= atom.unbounded || q.max === Infinity;
    parent.required ||= atom.required && q.min >= 1 && q.max !== Infinity;
  }
  return false;
}

interface Group {
  /** Holds a repeat without bound (`+`, `*`, `{n,}`). */
  unbounded: boolean;
  /** Holds a part that appears a fixed number of times (at least once). */
  required: boolean;
  /** Has `|` at its own level: no one part is required of every alternative. */
  alternation: boolean;
}
type Atom = { unbounded: boolean; required: boolean; group: boolean };

const group = (): Group => ({ unbounded: false, required: false, alternation: false });

/** The length of what follows `(` before the group's content: `?:`, `?=`, `?!`, `?<=`, `?<!`, `?<name>`. */
function groupPrefix(p: string, i: number): number {
  if (p[i] !== '?') return 0;
  if (p[i + 1] === '<' && p[i + 2] !== '=' && p[i + 2] !== '!') return p.indexOf('>', i) - i + 1;
  return p[i + 1] === '<' ? 3 : 2;
}

/** The index after the character class that opens at `i`. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The quantifier at `i` (a lazy `?` after it included), or undefined. */
function quantifier(p: string, i: number): { length: number; min: number; max: number } | undefined {
  const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(p.slice(i, i + 24));
  if (!m) return undefined;
  const [whole, sign, from, comma, to] = m;
  if (sign) return { length: whole.length, min: sign === '+' ? 1 : 0, max: sign === '?' ? 1 : Infinity };
  const min = Number(from);
  return { length: whole.length, min, max: comma === undefined ? min : to === '' || to === undefined ? Infinity : Number(to) };
}
