/**
 * In `set`, `profile`, a `body` or an effect field, a string that starts with `=` is an
 * expression (`set: { total: "=amount + 10" }`); any other string is a template, a number a number.
 */
export type Settable = string | number;

export function isExpressionValue(v: unknown): v is `=${string}` {
  return typeof v === 'string' && v.startsWith('=');
}

/** The expression of an `=` value, without its `=` (offset 1 into the written string). */
export function expressionOf(v: `=${string}`): string {
  return v.slice(1);
}
