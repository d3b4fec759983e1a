/**
 * What a session variable, a profile field, a list item or a source's JSON can hold, and the
 * crossing between these plain values and CEL's own (ints are BigInt there).
 *
 * The rule an author can rely on (docs/expressions.md): a whole number kept in a variable is a
 * CEL `int` (so `score + 1` works), a fractional one a `double`; numbers inside lists and maps
 * (a source's JSON) are `double`s, as the spec says. Whatever an expression hands back is plain
 * again: `300`, never `300n`.
 */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A variable's value as CEL sees it. */
export function toCel(v: Value): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  return v;
}

/**
 * Nesting a session keeps: deeper lists and maps (a source's JSON can nest thousands deep in 64 KB)
 * would overflow the stack here and again when the record is written.
 */
export const MAX_VALUE_DEPTH = 32;

/**
 * An expression's result as a plain value; undefined for what a session cannot keep (bytes, types,
 * durations, NaN, nesting past MAX_VALUE_DEPTH), and for an int a plain number cannot hold exactly
 * (past 2^53: `int("9007199254740993")` would be charged as …992).
 */
export function fromCel(v: unknown, depth = 0): Value | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined;
  switch (typeof v) {
    case 'bigint':
      return exactNumber(v);
    case 'number':
      return Number.isFinite(v) ? v : undefined;
    case 'string':
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) return fromList(v, depth + 1);
      if (v instanceof Map) return fromEntries([...(v as Map<unknown, unknown>).entries()], depth + 1);
      if (v instanceof Date) return v.toISOString();
      if (v instanceof Uint8Array) return undefined;
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) return fromEntries(Object.entries(v), depth + 1);
      // CEL's own kinds of value: a uint stands for its number; a duration or a type has no plain form.
      const own: unknown = v.valueOf();
      return typeof own === 'bigint' ? exactNumber(own) : undefined;
    }
    default:
      return undefined;
  }
}

function exactNumber(n: bigint): number | undefined {
  const x = Number(n);
  return Number.isSafeInteger(x) ? x : undefined;
}

function fromList(list: readonly unknown[], depth: number): Value[] | undefined {
  const out: Value[] = [];
  for (const x of list) {
    const v = fromCel(x, depth);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function fromEntries(entries: readonly (readonly [unknown, unknown])[], depth: number): Record<string, Value> | undefined {
  const out: Record<string, Value> = {};
  for (const [k, x] of entries) {
    const v = fromCel(x, depth);
    if (v === undefined) return undefined;
    out[String(k)] = v;
  }
  return out;
}

/** How a value reads inside a text: numbers as numbers, lists and maps as JSON, nothing for null. */
export function showValue(v: Value | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
