import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { NESTED_REPEATS, nestsUnboundedRepeats } from '../regex-nesting.js';
import { nearest } from '../nearest.js';
import { parseCel } from './compile-expression.js';
import { freeNames } from './free-names.js';

/** Something wrong with an expression, at an offset into its source. */
export interface ExpressionIssue {
  message: string;
  at: number;
}

/** Names whose type the format fixes (an input, the caller's number and the code dialled are strings): checked as such. */
const FIXED_TYPES: Readonly<Record<string, string>> = { input: 'string', msisdn: 'string', serviceCode: 'string' };

/**
 * What `menus:check` says about one expression: a syntax error, every name that is not in
 * `known` (with the nearest known name), or a type error CEL finds with every name dynamic
 * (an unknown function, `"a" + 1`). `known` holds the names valid at this place: the menu's
 * variables and built-ins, plus the place's own (`input`, `item`, `response`, …); a
 * `profile.<field>` use is checked as `profile`.
 */
export function checkExpression(source: string, known: ReadonlySet<string>, gives?: ExpectedResult): ExpressionIssue[] {
  const parsed = parseCel(source);
  if (!parsed.ok) return [{ message: `expression does not parse: ${firstLine(parsed.error)}`, at: errorOffset(parsed.error) }];
  const unknown = freeNames(parsed.ast).filter((u) => !known.has(u.name.startsWith('profile.') ? 'profile' : u.name));
  if (unknown.length > 0) {
    return unknown.map((u) => {
      const near = nearest(u.name, [...known]);
      return { message: `unknown name "${u.name}" in expression${near ? ` (did you mean "${near}"?)` : ''}`, at: u.at };
    });
  }
  const env = new Environment({ homogeneousAggregateLiterals: false });
  for (const name of known) {
    try {
      env.registerVariable(name, FIXED_TYPES[name] ?? 'dyn');
    } catch {
      // A variable named like a CEL type or constant (`double`, `null`): expressions cannot name it anyway.
    }
  }
  const checked = env.check(source);
  if (checked.valid || !checked.error) return [...wrongResult(checked.type, gives), ...slowPatterns(parsed.ast)];
  const message = firstLine(checked.error);
  const typed = freeNames(parsed.ast).some((u) => u.name in FIXED_TYPES);
  const hint = typed && message.includes('string') ? ' (input, msisdn and serviceCode are strings: int(input) makes a number of one)' : '';
  return [{ message: `expression does not type-check: ${message}${hint}`, at: errorOffset(checked.error) }];
}

/** What a place needs an expression to give: a generated list a list, a condition true or false. */
export type ExpectedResult = 'list' | 'bool';

/**
 * A result type CEL can see (every name dynamic) that the place cannot use: at run time a list
 * that is no list shows the empty screen and a condition that is no boolean never holds, silently.
 */
function wrongResult(type: string | undefined, gives: ExpectedResult | undefined): ExpressionIssue[] {
  if (gives === undefined || type === undefined || type === 'dyn') return [];
  if (gives === 'list' && !type.startsWith('list')) return [{ message: `a generated list's expression gives ${type}, not a list: the menu would always show its empty screen`, at: 0 }];
  if (gives === 'bool' && type !== 'bool') return [{ message: `a condition gives ${type}, not true or false: it would never hold`, at: 0 }];
  return [];
}

/** `s.matches("…")` with a literal pattern that backtracks exponentially (see regex-nesting.ts). */
function slowPatterns(root: ASTNode): ExpressionIssue[] {
  const found: ExpressionIssue[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (typeof x !== 'object' || x === null || !('op' in x)) return;
    const node = x as ASTNode;
    if (node.op === 'rcall' && node.args[0] === 'matches') {
      const pattern = node.args[2][0];
      if (pattern?.op === 'value' && typeof pattern.args === 'string' && nestsUnboundedRepeats(pattern.args)) found.push({ message: `matches() pattern: ${NESTED_REPEATS}`, at: pattern.start });
    }
    visit(node.args);
  };
  visit(root);
  return found;
}

function errorOffset(e: Error): number {
  const located = e as { range?: { start: number }; node?: { start?: number; pos?: number } };
  return located.range?.start ?? located.node?.start ?? located.node?.pos ?? 0;
}

function firstLine(e: Error): string {
  return e.message.split('\n')[0] ?? e.message;
}
