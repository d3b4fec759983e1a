import { compileExpression, showValue, type Value } from './expressions/index.js';

/**
 * `{{name}}`, `{{profile.name}}`, `{{name|fallback}}`, and `{{ expression }}` (CEL, e.g.
 * `{{ amount + fee }}`, `{{ item.symbol }}`): a missing value, or an expression that fails,
 * inserts the fallback (or nothing).
 */

export type Lookup = (name: string) => Value | undefined;

/** One `{{…}}`: `ref` is the name or expression as written (trimmed), `at` its offset in the source. */
export interface Placeholder {
  ref: string;
  fallback: string | undefined;
  at: number;
  /** A plain variable (`name`, `profile.x`, `answers.<screen>`), looked up without CEL. */
  simple: boolean;
}

type Part = string | { get: (lookup: Lookup) => Value | undefined; fallback: string };

/** A template split once into literal and variable parts. */
export interface Template {
  readonly source: string;
  /** Where it is written (`screens.<id>.effects.0.sms.text`), for failure reports; '' when not given. */
  readonly where: string;
  /** Names it reads (a variable, `profile.x`, or the names an expression reads). */
  readonly vars: readonly string[];
  /** `encode`: applied to each inserted value (a fetch's path URL-encodes them), never to the text around. */
  render(lookup: Lookup, encode?: (value: string) => string): string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const SIMPLE = /^(?:[A-Za-z_][A-Za-z0-9_]*|profile\.[A-Za-z_][A-Za-z0-9_]*|answers\.[a-z0-9-]+)$/;
/** The first `|` that is not half of CEL's `||` separates the fallback. */
const FALLBACK = /^((?:[^|]|\|\|)*)\|(?!\|)([\s\S]*)$/;

export function compileTemplate(source: string, where = ''): Template {
  const parts: Part[] = [];
  const vars: string[] = [];
  let last = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    const p = placeholderOf(m);
    if (!p) continue;
    if (m.index > last) parts.push(source.slice(last, m.index));
    if (p.simple) {
      const name = p.ref;
      vars.push(name);
      parts.push({ get: (lookup) => lookup(name), fallback: p.fallback ?? '' });
    } else {
      const e = compileExpression(p.ref, where);
      vars.push(...e.names);
      parts.push({ get: (lookup) => e.evaluate(lookup), fallback: p.fallback ?? '' });
    }
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  if (vars.length === 0 && parts.every((p) => typeof p === 'string')) return { source, where, vars, render: () => source };
  return {
    source,
    where,
    vars,
    render(lookup, encode) {
      let out = '';
      for (const p of parts) {
        if (typeof p === 'string') {
          out += p;
          continue;
        }
        const v = showValue(p.get(lookup));
        const shown = v === '' ? p.fallback : v;
        out += encode ? encode(shown) : shown;
      }
      return out;
    },
  };
}

/** Every well-formed `{{…}}` of a template source, in order. */
export function placeholders(source: string): Placeholder[] {
  return [...source.matchAll(PLACEHOLDER)].flatMap((m) => placeholderOf(m) ?? []);
}

function placeholderOf(m: RegExpMatchArray): Placeholder | undefined {
  const inner = m[1] ?? '';
  const split = FALLBACK.exec(inner);
  const body = split ? (split[1] ?? '') : inner;
  const ref = body.trim();
  if (ref === '') return undefined;
  const at = (m.index ?? 0) + 2 + body.indexOf(ref);
  // `{{ name | friend }}` is written spaced like an expression: the spaces are layout, not part of the fallback.
  return { ref, fallback: split ? (split[2] ?? '').trim() : undefined, at, simple: SIMPLE.test(ref) };
}

/** Placeholders that look like templates but are not well-formed (`{{ }}`, an unclosed `{{`): author mistakes. */
export function malformedPlaceholders(source: string): string[] {
  const rest = source.replace(PLACEHOLDER, (whole, inner: string) => (placeholderOf(Object.assign([whole, inner], { index: 0 }) as RegExpMatchArray) ? '' : whole));
  return [...rest.matchAll(/\{\{[^}]*\}?\}?/g)].map((m) => m[0]);
}
