import { compileExpression, type Value } from './expressions/index.js';
import type { Condition, Scalar } from './schema.js';
import type { Lookup } from './template.js';

export type Predicate = (lookup: Lookup) => boolean;

/**
 * Compiles a `when` condition once into a predicate over variable lookups: the map form, or a
 * CEL expression string (false when it fails; the failure is reported with `where`).
 */
export function compileCondition(c: Condition, where = ''): Predicate {
  if (typeof c === 'string') {
    const e = compileExpression(c, where);
    return (lookup) => e.test(lookup);
  }
  if ('all' in c) {
    const parts = c.all.map((x) => compileCondition(x, where));
    return (lookup) => parts.every((p) => p(lookup));
  }
  if ('any' in c) {
    const parts = c.any.map((x) => compileCondition(x, where));
    return (lookup) => parts.some((p) => p(lookup));
  }
  const name = c.var;
  if (c.exists !== undefined) {
    const want = c.exists;
    return (lookup) => isPresent(lookup(name)) === want;
  }
  if (c.in !== undefined) {
    const list = c.in;
    return (lookup) => list.some((x) => equal(lookup(name), x));
  }
  if (c.eq !== undefined) return eqTo(name, c.eq);
  if (c.ne !== undefined) {
    const eq = eqTo(name, c.ne);
    return (lookup) => !eq(lookup);
  }
  const [op, bound] = (['gt', 'gte', 'lt', 'lte'] as const).flatMap((k) => (c[k] === undefined ? [] : [[k, Number(c[k])] as const]))[0] ?? [];
  if (op === undefined || bound === undefined) throw new Error(`condition on ${name} has no operator`);
  const cmp = COMPARE[op];
  return (lookup) => {
    const v = toNumber(lookup(name));
    return v !== undefined && cmp(v, bound);
  };
}

/** Variables a condition reads (for the lint and for deciding what a menu needs loaded). */
export function conditionVars(c: Condition): string[] {
  if (typeof c === 'string') return [...compileExpression(c, '').names];
  if ('all' in c) return c.all.flatMap(conditionVars);
  if ('any' in c) return c.any.flatMap(conditionVars);
  return [c.var];
}

const COMPARE = {
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
};

function eqTo(name: string, want: Scalar): Predicate {
  return (lookup) => equal(lookup(name), want);
}

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== '';
}

/**
 * A number meets a number or a numeric string as numbers (`score` 3 and `eq: "3"`, an input "5"
 * and `eq: 5`); two strings compare as text, so a code typed `123` is not `"0123"`.
 */
function equal(v: Value | undefined, want: Scalar): boolean {
  if (v === undefined || v === null || typeof v === 'object') return false;
  if (typeof v === 'string' && typeof want === 'string') return v === want;
  const a = toNumber(v);
  const b = toNumber(want);
  if (a !== undefined && b !== undefined) return a === b;
  return String(v) === String(want);
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}
