import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { reportFailure } from './failures.js';
import { freeNames, type NameUse } from './free-names.js';
import { fromCel, toCel, type Value } from './value.js';

/**
 * A CEL expression of a menu, parsed once when the menu version loads.
 *
 * API (what the rest of the engine and the `fetch`/`call` code use):
 * - `compileExpression(source, where)` at load: never throws; a source that does not parse gives
 *   an expression whose `evaluate` fails (the lint refuses such a menu before it can serve).
 * - `expression.evaluate(lookup)` on a hop: a `Value` (plain JSON: numbers as numbers), or
 *   `undefined` when it failed; the failure is reported to the step's collector (`failures.ts`)
 *   with `where`. `lookup` resolves a name the expression reads (`expression.names`): the
 *   session's variables and built-ins, plus whatever the place adds (`input` for an input's
 *   `valid`, `item`/`index` for a list label, `response`/`status` for a fetch's `set`).
 * - `expression.test(lookup)` for a `when`: true only when the value is `true`.
 * - `checkExpression(source, known)` for `menus:check` (`check-expression.ts`).
 */
export interface Expression {
  readonly source: string;
  /** Where it is written (`screens.<id>.<field>`), for failure reports. */
  readonly where: string;
  /** Names read from the scope, top level (`acct`, `input`), or `profile.<field>`, each once. */
  readonly names: readonly string[];
  evaluate(lookup: (name: string) => Value | undefined): Value | undefined;
  test(lookup: (name: string) => Value | undefined): boolean;
}

/** CEL with every name dynamic: names are checked by the lint, values typed at run time. */
const runtime = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });

export type Parsed = { ok: true; run: (context: Record<string, unknown>) => unknown; ast: ASTNode } | { ok: false; error: Error };

export function parseCel(source: string): Parsed {
  try {
    const run = runtime.parse(source);
    return { ok: true, run, ast: run.ast };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

export function compileExpression(source: string, where: string): Expression {
  const parsed = parseCel(source);
  const uses: NameUse[] = parsed.ok ? freeNames(parsed.ast) : [];
  const names = [...new Set(uses.map((u) => u.name))];
  // What the context object needs: `profile` once for all its fields.
  const roots = [...new Set(names.map((n) => (n.startsWith('profile.') ? 'profile' : n)))];
  const fail = (e: unknown) => {
    reportFailure({ where, source, error: firstLine(e) });
    return undefined;
  };
  const evaluate = (lookup: (name: string) => Value | undefined): Value | undefined => {
    if (!parsed.ok) return fail(parsed.error);
    const context: Record<string, unknown> = {};
    for (const name of roots) {
      const v = lookup(name);
      if (v !== undefined) context[name] = toCel(v);
    }
    let result: unknown;
    try {
      result = parsed.run(context);
    } catch (e) {
      return fail(e);
    }
    const value = fromCel(result);
    return value === undefined ? fail(new Error(`the result (${typeof result}) cannot be kept in a session`)) : value;
  };
  return {
    source,
    where,
    names,
    evaluate,
    test: (lookup) => {
      const v = evaluate(lookup);
      if (v === undefined || typeof v === 'boolean') return v === true;
      reportFailure({ where, source, error: `a condition must give true or false, not ${typeof v}` });
      return false;
    },
  };
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? message;
}
