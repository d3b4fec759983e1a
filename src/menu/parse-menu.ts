import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { lintMenu } from './lint.js';
import { textsCutByComments } from './lint-comments.js';
import type { GatewayLimits } from './lint-lengths.js';
import { nearest } from './nearest.js';
import { locate, type Path, type PathProblem, type Problem } from './problems.js';
import { MenuSchema, type Menu } from './schema.js';
import { fieldsAt } from './schema-fields.js';
import { syntaxProblems } from './yaml-errors.js';
import { yamlValue } from './yaml-value.js';

export interface ParsedMenu {
  /** The menu, when it has no errors (warnings allowed). */
  menu: Menu | undefined;
  problems: Problem[];
  /** Places a further problem found on this file (the cross-file checks) at its line and column. */
  locate(p: PathProblem): Problem;
}

/**
 * Parses and validates one menu file's text. Pure: the caller reads the file.
 * `file` is only used to name the file in problems; `settings`, the SOURCE_* names the service
 * has (at load in the service: a source setting it lacks refuses the menu); `legacy`, the gateways
 * with a legacy app (see `lintMenu`).
 */
export function parseMenuSource(text: string, file: string, settings?: ReadonlySet<string>, gatewayLimits?: GatewayLimits, legacy?: ReadonlySet<string>): ParsedMenu {
  // A byte-order mark (some Windows editors write one) is no column of the first line to the author.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (p: PathProblem) => locate(doc, lines, file, p, source);
  const unreadable = notUtf8(source, lines, file);
  if (unreadable) return { menu: undefined, problems: [unreadable], locate: at };
  if (doc.errors.length > 0) return { menu: undefined, problems: syntaxProblems(doc, source, lines, file), locate: at };
  const built = yamlValue(doc, lines, file);
  if ('problems' in built) return { menu: undefined, problems: built.problems, locate: at };
  const raw = built.value;
  // An editor that truncates the file before writing it can be read in between.
  if (raw === null || raw === undefined) return { menu: undefined, problems: [{ file, line: 1, column: 1, severity: 'error', message: EMPTY }], locate: at };
  const parsed = MenuSchema.safeParse(raw);
  const located = (ps: PathProblem[]) => ps.map(at).sort(byPosition);
  if (!parsed.success) {
    const written = (path: Path) => {
      const node = doc.getIn(path, true);
      return isScalar(node) && node.range ? source.slice(node.range[0], node.range[1]) : undefined;
    };
    return { menu: undefined, problems: located(parsed.error.issues.flatMap((i) => describeIssue(i, raw, written))), locate: at };
  }
  const menu = parsed.data as Menu;
  const problems = [...located(lintMenu(menu, settings, gatewayLimits, legacy)), ...textsCutByComments(doc, menu, source, lines, file)].sort(byPosition);
  return { menu: problems.some((p) => p.severity === 'error') ? undefined : menu, problems, locate: at };
}

/**
 * A file read as UTF-8 that is not (saved as Latin-1 or Windows-1252, as some editors do) has each
 * byte it could not read as U+FFFD: said as such at the first, rather than as a character outside
 * GSM-7 (in a text) or not at all (in a comment). A U+FFFD typed on purpose is read the same way;
 * no menu needs one.
 */
function notUtf8(source: string, lines: LineCounter, file: string): Problem | undefined {
  const first = source.indexOf('\uFFFD');
  if (first === -1) return undefined;
  const more = source.slice(first + 1).split('\uFFFD').length - 1;
  const { line, col } = lines.linePos(first);
  const others = more > 0 ? ` (and ${more} more)` : '';
  return { file, line, column: col, severity: 'error', message: `this file is not UTF-8: a character here${others} cannot be read (an editor saving as Latin-1 or Windows-1252 does this): save it as UTF-8` };
}

const EMPTY = 'the file is empty: a menu needs at least id, serviceCodes, start and screens';

function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.column - b.column;
}

/** One zod issue as problems an author can act on (`raw` is the parsed YAML, to tell missing from wrong). */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, written: (path: Path) => string | undefined): PathProblem[] {
  const path = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  const missing = valueAt(raw, path) === undefined;
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return [{ path, severity: 'error', message: `missing required field "${String(path.at(-1))}"` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = fieldsAt(MenuSchema, path, raw).filter((f) => !issue.keys.includes(f));
      return issue.keys.map((k) => ({ path: [...path, k], severity: 'error', message: `unknown field "${k}"${didYouMean(k, known)}`, atKey: true }));
    }
    case 'invalid_key':
      return [{ path, severity: 'error', message: `"${String(path.at(-1))}": ${issue.issues.map((i) => i.message).join('; ')}`, atKey: true }];
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        const kinds = issue.options.map(String);
        const value = String(valueAt(raw, path));
        return [{ path, severity: 'error', message: `${issue.discriminator} "${value}" is not one of ${kinds.join(', ')}${didYouMean(value, kinds)}` }];
      }
      // Report the branch that got furthest: its issues are the most specific.
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
      if (best && depth(best) > 0) return best.flatMap((i) => describeIssue({ ...i, path: [...path, ...i.path] }, raw, written));
      return [{ path, severity: 'error', message: `${unionMessage(path)}${quoteHint(path, raw, written)}` }];
    }
    case 'invalid_type':
      return [{ path, severity: 'error', message: `${issue.message.replace(/^Invalid input: /, '')}${issue.expected === 'string' ? quoteHint(path, raw, written) : ''}` }];
    default:
      return [{ path, severity: 'error', message: issue.message }];
  }
}

/** For a number or true/false where text is expected: how to write it as text, spelt as in the file (`00` stays `00`). */
function quoteHint(path: Path, raw: unknown, written: (path: Path) => string | undefined): string {
  const value = valueAt(raw, path);
  if (typeof value !== 'number' && typeof value !== 'boolean') return '';
  const spelt = written(path) ?? String(value);
  return `: write it in quotes, "${spelt}" (YAML reads ${spelt} unquoted as ${typeof value === 'number' ? `the number ${value}` : value})`;
}

function didYouMean(name: string, candidates: readonly string[]): string {
  const near = nearest(name, candidates);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v = raw;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 1)));
}

function unionMessage(path: (string | number)[]): string {
  const last = String(path.at(-1));
  if (['text', 'label', 'error'].includes(last) || path.includes('choices') || path.includes('texts')) {
    return 'expected a text: a string, or a map from language code to string';
  }
  if (path.includes('effects')) return 'expected an effect: { charge: {...} }, { sms: {...} } or { call: {...} }';
  if (last === 'when' || path.includes('when')) return 'expected a condition: { var, eq|ne|gt|gte|lt|lte|in|exists } or { all: [...] } / { any: [...] }';
  return 'invalid value';
}
