import { compileExpression, type Expression } from './expressions/index.js';
import type { InputScreen } from './schema.js';
import type { Lookup } from './template.js';

/** Whether an input passes its screen's rules, given the session's variables (for expression bounds and `valid`). */
export type InputCheck = (input: string, lookup: Lookup) => boolean;

/**
 * An input screen's `pattern`, `min`/`max` (numbers or expressions) and `valid` (an expression
 * over `input`), compiled once. A bound that fails to evaluate, or a `valid` that fails, rejects
 * the input (the failure is reported with the screen's path).
 */
export function inputValidator(s: InputScreen, at = ''): InputCheck {
  const pattern = s.pattern === undefined ? undefined : new RegExp(`^(?:${s.pattern})$`);
  const min = bound(s.min, `${at}.min`);
  const max = bound(s.max, `${at}.max`);
  const valid = s.valid === undefined ? undefined : compileExpression(s.valid, `${at}.valid`);
  const numeric = min !== undefined || max !== undefined;
  return (input, lookup) => {
    if (input.length === 0) return false;
    if (pattern && !pattern.test(input)) return false;
    if (numeric) {
      if (!/^-?\d+(\.\d+)?$/.test(input)) return false;
      const n = Number(input);
      if (min !== undefined && !(n >= (min(lookup) ?? NaN))) return false;
      if (max !== undefined && !(n <= (max(lookup) ?? NaN))) return false;
    }
    return valid === undefined || valid.test((name) => (name === 'input' ? input : lookup(name)));
  };
}

type Bound = (lookup: Lookup) => number | undefined;

function bound(b: number | string | undefined, where: string): Bound | undefined {
  if (b === undefined) return undefined;
  if (typeof b === 'number') return () => b;
  const e: Expression = compileExpression(b.startsWith('=') ? b.slice(1) : b, where);
  return (lookup) => {
    const v = e.evaluate(lookup);
    return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  };
}

/** The expression source of a bound written as a string (without its optional `=`). */
export function boundExpression(b: number | string | undefined): string | undefined {
  return typeof b === 'string' ? (b.startsWith('=') ? b.slice(1) : b) : undefined;
}
