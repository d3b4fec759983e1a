import { parseCel } from './expressions/compile-expression.js';
import { freeNames, type NameUse } from './expressions/free-names.js';
import { expressionOf, isExpressionValue } from './expressions/index.js';
import { placeholders } from './template.js';

export type { NameUse };

/** The names an expression reads, each with its offset into `source` (none when it does not parse). */
export function expressionNameUses(source: string): NameUse[] {
  const parsed = parseCel(source);
  return parsed.ok ? freeNames(parsed.ast) : [];
}

/** The names a template reads (`{{name}}` and the names of `{{ expression }}`), with their offsets into it. */
export function templateNameUses(source: string): NameUse[] {
  return placeholders(source).flatMap((p) => (p.simple ? [{ name: p.ref, at: p.at }] : expressionNameUses(p.ref).map((u) => ({ name: u.name, at: p.at + u.at }))));
}

/** The names a `set`/`profile`/`body` value reads: an `=` expression or a template (a number reads none). */
export function valueNameUses(value: string | number): NameUse[] {
  if (typeof value === 'number') return [];
  if (isExpressionValue(value)) return expressionNameUses(expressionOf(value)).map((u) => ({ name: u.name, at: u.at + 1 }));
  return templateNameUses(value);
}
