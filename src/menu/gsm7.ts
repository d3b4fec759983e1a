/** GSM 03.38 (3GPP TS 23.038) default alphabet: what a USSD screen can carry in 7-bit septets. */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the extension table: each costs an escape septet plus itself. */
const EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(BASIC);
const COMBINING = /^[\u0300-\u036f]$/;
const extension = new Set(EXTENSION);

/** Look-alikes that handsets cannot show, mapped to what they can. */
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '`': "'", '´': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '«': '"', '»': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-', '\u00B7': '.',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\t': ' ',
  '\u200B': '', '\u200C': '', '\u200D': '', '\uFEFF': '', '\uFE0E': '', '\uFE0F': '',
  '\r\n': '\n',
};
const REPLACE_RE = new RegExp(Object.keys(REPLACEMENTS).map(escapeRe).join('|'), 'g');

/** 1 for the ASCII characters that are in the basic table as they are (printable, and LF/CR). */
const PLAIN_ASCII = new Uint8Array(128);
for (let c = 32; c < 127; c++) PLAIN_ASCII[c] = 1;
for (const ch of '[\\]^`{|}~') PLAIN_ASCII[ch.charCodeAt(0)] = 0; // the extension table, and ` (not GSM)
PLAIN_ASCII[10] = PLAIN_ASCII[13] = 1;

/** True when `text` is plain ASCII in the basic table: the fast path for nearly every screen. */
function isPlainGsm(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || PLAIN_ASCII[c] === 0) return false;
  }
  return true;
}

/**
 * Rewrites text for a handset: typographic punctuation and odd spaces become plain ones,
 * accented letters outside the alphabet lose their accent, anything else unsendable becomes `?`.
 */
export function toGsm7(text: string): string {
  if (isPlainGsm(text)) return text;
  // Composed first: `e` + a combining acute (as some sources and editors store text) is `é`, which GSM-7 has.
  const replaced = text.normalize('NFC').replace(REPLACE_RE, (m) => REPLACEMENTS[m] ?? m);
  let out = '';
  for (const ch of replaced) {
    if (basic.has(ch) || extension.has(ch)) {
      out += ch;
      continue;
    }
    // An accent left over (on a letter with no composed form in GSM-7): the letter stays without it.
    if (COMBINING.test(ch)) continue;
    const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += stripped.length > 0 && [...stripped].every((c) => basic.has(c)) ? stripped : '?';
  }
  return out;
}

/** Septets `text` takes in GSM-7 (extension characters count two), or undefined if it needs UCS-2. */
export function septets(text: string): number | undefined {
  if (isPlainGsm(text)) return text.length;
  let n = 0;
  for (const ch of text) {
    if (basic.has(ch)) n += 1;
    else if (extension.has(ch)) n += 2;
    else return undefined;
  }
  return n;
}

/** Septets after normalisation: what a screen will cost once sent. */
export function septetLength(text: string): number {
  return septets(toGsm7(text)) ?? 0;
}

/** True when the text cannot be sent in GSM-7 as it is (it would need UCS-2, 70/80 characters a screen). */
export function needsUcs2(text: string): boolean {
  return septets(text) === undefined;
}

/** A character the handset cannot get as written: what it is sent as instead (`?` when nothing fits). */
export interface LossyCharacter {
  char: string;
  /** Position in `text`, in UTF-16 code units (what `String.prototype.indexOf` counts). */
  index: number;
  sentAs: string;
}

/**
 * Characters of `text` outside GSM-7 that normalisation cannot carry faithfully: accented letters
 * that lose their accent, and anything sent as `?`. Typographic punctuation is not reported: it
 * has a plain equivalent and is replaced silently.
 */
export function lossyCharacters(text: string): LossyCharacter[] {
  const found: LossyCharacter[] = [];
  let index = 0;
  let previous = '';
  for (const ch of text) {
    // A combining accent that composes with its letter into one GSM-7 letter (`e` + acute = `é`) is carried.
    const composes = COMBINING.test(ch) && basic.has(`${previous}${ch}`.normalize('NFC'));
    if (!composes && !basic.has(ch) && !extension.has(ch) && REPLACEMENTS[ch] === undefined) found.push({ char: ch, index, sentAs: toGsm7(ch) });
    index += ch.length;
    previous = ch;
  }
  return found;
}

/** `text` as GSM-7, cut to at most `max` septets: what one screen can carry. One pass for plain text. */
export function fitGsm7(text: string, max: number): string {
  if (isPlainGsm(text)) return text.length <= max ? text : text.slice(0, max);
  const gsm = toGsm7(text);
  return (septets(gsm) ?? 0) <= max ? gsm : truncateSeptets(gsm, max);
}

/** Cuts text so that it takes at most `max` septets, never splitting an escape pair. */
export function truncateSeptets(text: string, max: number): string {
  let n = 0;
  let out = '';
  for (const ch of text) {
    const cost = extension.has(ch) ? 2 : 1;
    if (n + cost > max) break;
    n += cost;
    out += ch;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
