import { parseJson } from './decode.js';
import { parseXml, xmlText } from './xml.js';

/**
 * Small edits of a callback as received, for handed-off sessions: one field of a JSON or form body
 * (or a query string), or one element of an XML one, changed and everything else left as the
 * gateway sent it. A body that does not read as expected goes on unchanged.
 */
export type Fields = Record<string, unknown>;

/** Edits the top-level fields of a JSON object body, or of a form body (a body that does not start like JSON). */
export function editFields(body: string, edit: (fields: Fields) => void): string {
  if (/^\s*[[{]/.test(body)) {
    const json = jsonObject(body);
    if (!json) return body;
    edit(json);
    return JSON.stringify(json);
  }
  const form = new URLSearchParams(body);
  const fields: Fields = Object.fromEntries(form);
  edit(fields);
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') form.set(k, String(v));
  return form.toString();
}

/** `true` in the form the gateway used for its flags (a boolean, `"true"`, `"TRUE"`, `"1"`). */
export function trueLike(sent: unknown): unknown {
  if (typeof sent === 'boolean' || sent === undefined) return true;
  if (typeof sent === 'number') return 1;
  if (typeof sent !== 'string') return true;
  const s = sent;
  if (s === '0' || s === '1') return '1';
  return s === s.toUpperCase() ? 'TRUE' : s[0] === 'F' ? 'True' : 'true';
}

/** A number in the form the gateway sent it (a JSON number, or digits in a string). */
export function sameKind(sent: unknown, value: number): unknown {
  return typeof sent === 'string' ? String(value) : value;
}

/** Sets the text of each `<tag>` element (or fills an empty `<tag/>`); adds one before `</root>` when there is none. */
export function setXmlElement(body: string, root: string, tag: string, value: string): string {
  const text = xmlText(value);
  const element = new RegExp(`<${tag}(\\s[^>]*)?>[\\s\\S]*?</${tag}>|<${tag}(\\s[^>]*)?/>`);
  if (element.test(body)) return body.replace(element, `<${tag}>${text}</${tag}>`);
  return body.replace(new RegExp(`</${root}>`), `<${tag}>${text}</${tag}></${root}>`);
}

/** The text of the first `<tag>` under `<root>` in an XML body, if it parses. */
export function xmlElement(body: string, root: string, tag: string): string | undefined {
  const xml = parseXml(body);
  if (!xml.ok) return undefined;
  const r = xml.value[root];
  const v = r !== null && typeof r === 'object' ? (r as Fields)[tag] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A JSON reply's object, if it is one. */
export function jsonObject(body: string): Fields | undefined {
  const json = parseJson(body);
  return json.ok && json.value !== null && typeof json.value === 'object' && !Array.isArray(json.value) ? (json.value as Fields) : undefined;
}

/** `*384*3*1#` → `384*3*1`: the code's digits, as Comviva Flares sends a dial. */
export function dialDigits(dial: string): string {
  return dial.replace(/^\*+|#+$/g, '');
}
