import { valueNameUses } from './name-uses.js';
import type { InputScreen, Menu } from './schema.js';

/** Words of a variable name that say it holds a secret (the spec names `pin`). */
const SECRET_WORDS = new Set(['pin', 'mpin', 'pincode', 'password', 'passwd', 'pwd', 'passcode']);

/**
 * A variable name that says it holds a secret: one of its words (split at `_`, digits and
 * camelCase: `pin`, `pin2`, `newPin`, `pin_confirm`, `mpin`, `password`) is a secret word. An input
 * saved to one is sensitive unless the screen says `sensitive: false` (the lint warns, suggesting
 * `sensitive: true`). Words, not letters: `shipping`, `opinion` and `pinned` are not secrets.
 */
export function namesASecret(name: string): boolean {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_\d]+/)
    .some((word) => SECRET_WORDS.has(word.toLowerCase()));
}

/** An input whose value is a secret: `sensitive: true`, or unset and saved to a name like `pin`. */
export function isSensitiveInput(s: Pick<InputScreen, 'save' | 'sensitive'>): boolean {
  return s.sensitive ?? namesASecret(s.save);
}

/** Where a sensitive variable's value comes from: a sensitive input, or a `set` that reads another one. */
export type SensitiveOrigin = { input: string } | { from: string };

type Assignments = Record<string, string | number> | undefined;

/**
 * Every variable of the menu that holds a secret: those sensitive inputs save to, and, because a
 * copy is as secret as its original, every variable a `set` computes from one (`code: "{{pin}}"`,
 * `both: "=pin + pin2"`), to a fixed point. A variable is sensitive wherever it is set.
 */
export function sensitiveVariables(menu: Menu): Map<string, SensitiveOrigin> {
  const out = new Map<string, SensitiveOrigin>();
  const sets: Assignments[] = Object.values(menu.shortcuts ?? {}).map((s) => s.set);
  for (const [id, s] of Object.entries(menu.screens)) {
    if (s.type === 'input' && isSensitiveInput(s) && !out.has(s.save)) out.set(s.save, { input: id });
    if (s.type === 'input' || s.type === 'fetch') sets.push(s.set);
    if (s.type === 'menu') for (const o of s.options) sets.push(o.set);
  }
  if (out.size === 0) return out;
  for (let grew = true; grew; ) {
    grew = false;
    for (const set of sets) {
      for (const [name, value] of Object.entries(set ?? {})) {
        if (out.has(name)) continue;
        const read = valueNameUses(value).find((u) => out.has(u.name));
        if (!read) continue;
        out.set(name, { from: read.name });
        grew = true;
      }
    }
  }
  return out;
}
