import { septets } from './gsm7.js';

/**
 * The longest head of `text` that fits `room` septets, cut at a space or line break, and what is
 * left after it (leading spaces and line breaks dropped: a page never opens with a blank line).
 * A word longer than the room (a long link) is cut where the room ends: it could never be shown
 * whole. At least one character is always taken, so a caller splitting a text page by page ends.
 */
export function splitWords(text: string, room: number): [head: string, rest: string] {
  let used = 0;
  let cut = -1; // the last break where the head so far fits and is not blank
  let i = 0;
  let blank = true;
  for (const ch of text) {
    const isBreak = ch === ' ' || ch === '\n';
    if (isBreak && !blank) cut = i;
    blank &&= isBreak;
    used += septets(ch) ?? 1;
    if (used > room) break;
    i += ch.length;
  }
  if (i >= text.length) return [text, ''];
  const at = cut > 0 ? cut : Math.max(i, firstCharLength(text));
  return [text.slice(0, at).trimEnd(), text.slice(at).trimStart()];
}

function firstCharLength(text: string): number {
  return (text.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
}
