import { effectExpressions, effectTemplates, type AuthoredEffect } from './effect-kinds/effect-kinds.js';
import { forEachString } from './lint-texts.js';
import { expressionNameUses, templateNameUses, valueNameUses, type NameUse } from './name-uses.js';
import type { Path, PathProblem } from './problems.js';
import type { Menu } from './schema.js';
import { namesASecret, sensitiveVariables, type SensitiveOrigin } from './sensitive-vars.js';

type Actions = { effects?: AuthoredEffect[]; profile?: Record<string, string | number> };

/**
 * Sensitive inputs (spec: Sensitive inputs): a secret may be compared in a condition and sent by a
 * `fetch` during the session, nothing else. Errors where a sensitive variable (or a copy of one)
 * would be shown in a text, put in an effect (effects wait in Redis and run in the background) or
 * written to the caller's profile (kept across sessions); a warning for an input whose name says it
 * is a secret (`pin`) and that does not say whether it is one.
 */
export function checkSensitive(menu: Menu): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [id, s] of Object.entries(menu.screens)) {
    if (s.type !== 'input' || s.sensitive !== undefined || !namesASecret(s.save)) continue;
    const message = `the input saved to "${s.save}" is treated as sensitive (its name says it is a secret): add "sensitive: true" to say so, or "sensitive: false" if it is not one`;
    problems.push({ path: ['screens', id, 'save'], severity: 'warning', message });
  }
  const secret = sensitiveVariables(menu);
  if (secret.size === 0) return problems;
  const report = (path: Path, value: string, uses: readonly NameUse[], offset: number, what: (name: string) => string) => {
    for (const u of uses) {
      const origin = secret.get(u.name);
      if (!origin) continue;
      problems.push({ path, severity: 'error', message: `${what(u.name)}${originOf(u.name, origin)}`, char: { value, index: Math.min(offset + u.at, Math.max(0, value.length - 1)) } });
    }
  };
  forEachString(menu, (path, source) => report(path, source, templateNameUses(source), 0, (n) => `"${n}" is sensitive and would be shown on the screen: a sensitive value is never shown (compare it in a condition instead)`));
  const actions = (at: Path, a: Actions) => {
    a.effects?.forEach((e, i) => {
      const sends = (n: string) => `"${n}" is sensitive and would go into an effect, which waits in Redis and runs in the background: a sensitive value only leaves with a fetch during the session`;
      for (const t of effectTemplates(e)) report([...at, 'effects', i, ...t.path], t.source, templateNameUses(t.source), 0, sends);
      for (const x of effectExpressions(e)) report([...at, 'effects', i, ...x.path], `=${x.source}`, expressionNameUses(x.source), 1, sends);
    });
    for (const [field, value] of Object.entries(a.profile ?? {})) {
      if (typeof value === 'string') report([...at, 'profile', field], value, valueNameUses(value), 0, (n) => `"${n}" is sensitive and would be kept in the caller's profile across sessions: a sensitive value is never stored`);
    }
  };
  for (const [id, s] of Object.entries(menu.screens)) {
    const at: Path = ['screens', id];
    if (s.type === 'input' || s.type === 'end') actions(at, s);
    if (s.type !== 'menu') continue;
    s.options.forEach((o, i) => actions([...at, 'options', i], o));
    if (s.list !== undefined) {
      const offset = s.list.startsWith('=') ? 1 : 0;
      report([...at, 'list'], s.list, expressionNameUses(s.list.slice(offset)), offset, (n) => `"${n}" is sensitive and its items would be shown on the screen: a sensitive value is never shown`);
    }
  }
  return problems;
}

function originOf(name: string, origin: SensitiveOrigin): string {
  return 'from' in origin ? ` ("${name}" is set from sensitive "${origin.from}")` : '';
}
