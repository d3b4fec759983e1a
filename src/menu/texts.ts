import type { Menu, SystemText, Text } from './schema.js';
import { compileTemplate, type Template } from './template.js';

/** A text compiled for every language of its menu; missing translations fall back to the default. */
export type LocalText = (lang: string) => Template;

export const DEFAULT_TEXTS: Record<SystemText, string> = {
  invalid: 'Invalid choice, try again.',
  more: 'More',
  back: 'Back',
  resumePrompt: 'Welcome back. Continue where you left off?',
  continue: 'Continue',
  startOver: 'Start over',
  tooManyAttempts: 'Too many invalid attempts. Please dial again.',
  unavailable: 'Service is temporarily unavailable. Please try again shortly.',
  expired: 'Your session timed out. Please dial again.',
  ended: 'This session has ended. Please dial again.',
  rateLimited: 'Too many requests. Wait a few minutes, then dial again.',
};

export function compileText(text: Text, defaultLang: string, where = ''): LocalText {
  if (typeof text === 'string') {
    const t = compileTemplate(withoutClosingBreaks(text), where);
    return () => t;
  }
  const byLang = new Map(Object.entries(text).map(([lang, s]) => [lang, compileTemplate(withoutClosingBreaks(s), `${where}.${lang}`)]));
  const fallback = byLang.get(defaultLang) ?? compileTemplate(Object.values(text)[0] ?? '', where);
  return (lang) => byLang.get(lang) ?? fallback;
}

/**
 * A YAML block (`text: |`, `text: >`) ends with a line break the author never meant to show: it
 * would put a blank line before a screen's options and cost a character of the page.
 */
function withoutClosingBreaks(text: string): string {
  return text.replace(/[\r\n]+$/, '');
}

export function compileSystemTexts(menu: Menu): Record<SystemText, LocalText> {
  const lang = menu.languages[0] ?? 'en';
  const out = {} as Record<SystemText, LocalText>;
  for (const key of Object.keys(DEFAULT_TEXTS) as SystemText[]) {
    out[key] = compileText(menu.texts?.[key] ?? DEFAULT_TEXTS[key], lang);
  }
  return out;
}
