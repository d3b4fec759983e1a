import iconv from 'iconv-lite';
import { XMLParser } from 'fast-xml-parser';
import type { z } from 'zod';
import { charsetOf } from './charset.js';
import type { RawRequest } from './codec.js';
import { decode, type Decoded } from './decode.js';

/**
 * Every value stays a string (no number guessing: `007` stays `007`), trimmed; attributes get an `@_` prefix;
 * only XML's own entities and numeric character references are expanded. A DOCTYPE never reaches
 * the parser (`parseXml` refuses it): fast-xml-parser does expand the entities a DOCTYPE defines.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // An object here is read as the named-entity map and turns numeric references (`&#233;`) on
  // (fast-xml-parser 5.12, OrderedObjParser); its typings say boolean. `true` would load the whole
  // HTML entity table on every parse (work per callback for entities no gateway sends), and the documented alternative, an `entityDecoder` from
  // @nodable/entities, is ESM-only. test/unit/gateways/xml.test.ts pins the behaviour.
  htmlEntities: { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' } as unknown as boolean,
});

/**
 * A callback's XML as text. The fast path reads bodies as UTF-8; a document whose prolog declares
 * another encoding (ISO-8859-1, windows-1252, …), sent with no charset in its Content-Type (which
 * would win), is decoded from its bytes in that encoding, or a caller's "é" (one byte, E9) would
 * reach the menu as U+FFFD. An encoding iconv-lite does not know leaves the body as read.
 */
export function xmlBodyOf(raw: Pick<RawRequest, 'body' | 'bytes' | 'headers'>): string {
  if (!raw.bytes || charsetOf(raw.headers['content-type']) !== undefined) return raw.body;
  const declared = PROLOG_ENCODING.exec(raw.body)?.[1]?.toLowerCase();
  if (declared === undefined || declared === 'utf-8' || declared === 'utf8' || declared === 'us-ascii' || !iconv.encodingExists(declared)) return raw.body;
  // iconv-lite, as Express's body parser decodes a charset the Content-Type names: Node's TextDecoder
  // reads windows-1252 as ISO-8859-1 (its € as U+0080).
  return iconv.decode(raw.bytes, declared);
}

const PROLOG_ENCODING = /^\uFEFF?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/;

/** A well-formed XML document as a plain object, or why it is not one. */
export function parseXml(body: string): Decoded<Record<string, unknown>> {
  if (body.trim() === '') return { ok: false, problems: ['the body is empty: expected an XML document'] };
  // No gateway sends a DOCTYPE, and its internal entities would rewrite the payload (`&a;` dialling a code).
  if (DOCTYPE.test(body)) return { ok: false, problems: ['the body has a DOCTYPE: not accepted (no gateway sends one, and its entities would rewrite the payload)'] };
  try {
    return { ok: true, value: parser.parse(body, true) as Record<string, unknown> };
  } catch (err) {
    return { ok: false, problems: [`the body is not well-formed XML: ${readable((err as Error).message)}`] };
  }
}

const DOCTYPE = /<!DOCTYPE/i;

/** How many open elements a problem names: a body of thousands must not come back thousands long. */
const NAMED_OPEN = 5;

/** The parser reports a truncated document as `Invalid '[\n "ussd",\n "msg"\n]' found`: say which elements are open. */
function readable(message: string): string {
  return message.replace(/Invalid '\[([^\]]*)\]' found\./, (_, list: string) => {
    const open = list.replace(/[\s"]/g, '').split(',');
    const named = open.slice(0, NAMED_OPEN).map((e) => `<${e.slice(0, 40)}>`).join(', ');
    return `unclosed ${named}${open.length > NAMED_OPEN ? ` and ${open.length - NAMED_OPEN} more` : ''}`;
  });
}

const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text safe inside an XML element: markup characters escaped, characters XML cannot carry (GSM's
 * form feed) dropped, and a carriage return written as the newline every XML parser would read it as.
 */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** An XML body validated with a codec's schema. */
export function decodeXml<S extends z.ZodType>(schema: S, body: string): Decoded<z.infer<S>> {
  const xml = parseXml(body);
  return xml.ok ? decode(schema, xml.value) : xml;
}
