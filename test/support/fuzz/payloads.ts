import fc from 'fast-check';
import type { GatewayDriver } from '../gateways/driver';
import type { WireRequest } from '../gateways/wire';

/** Values a careless or hostile gateway might put anywhere. */
const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '*384#', '*384*1#', '1', '0', '98', '1*2#', 'true', 'false', 'Initiation', 'Release', 'Timeout', 'initiate', 'terminate', 'User timeout', '4', '5', '10', 'cleanUp', '\u0000', '😀'.repeat(50), 'x'.repeat(2000), '__proto__', '<&>'),
);
const value = fc.oneof({ weight: 4, arbitrary: leaf }, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 3 }));

/** One edit to a structure: drop a field, set one (new or existing) to anything, or duplicate one. */
const edit = fc.record({ op: fc.constantFrom('drop', 'set', 'duplicate'), pick: fc.nat(), key: fc.string({ maxLength: 12 }), value });
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

/** Byte-level damage after serialising: cut the text short, or splice something in. */
const damage = fc.option(fc.record({ at: fc.nat(), cut: fc.boolean(), insert: fc.string({ unit: 'binary', maxLength: 6 }) }), { nil: undefined });
type Damage = typeof damage extends fc.Arbitrary<infer D> ? D : never;

function applyDamage(text: string, d: Damage): string {
  if (!d) return text;
  const at = text.length === 0 ? 0 : d.at % (text.length + 1);
  return d.cut ? text.slice(0, at) : text.slice(0, at) + d.insert + text.slice(at);
}

/** Every (parent, key) pair of a JSON tree, depth first. */
function slots(node: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] {
  if (node && typeof node === 'object') {
    for (const k of Object.keys(node)) {
      out.push([node as Record<string, unknown>, k]);
      slots((node as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

function editJson(body: string, edits: Edit[]): string {
  const tree = JSON.parse(body) as Record<string, unknown>;
  for (const e of edits) {
    const all = slots(tree);
    const [parent, key] = all[e.pick % Math.max(1, all.length)] ?? [tree, e.key];
    if (e.op === 'drop') delete parent[key];
    else if (e.op === 'set') parent[e.pick % 2 === 0 ? key : e.key] = e.value;
    else parent[`${key}${e.key}`] = parent[key];
  }
  return JSON.stringify(tree);
}

function editFields(encoded: string, edits: Edit[]): string {
  const fields = [...new URLSearchParams(encoded)];
  for (const e of edits) {
    const i = e.pick % Math.max(1, fields.length);
    const text = typeof e.value === 'string' ? e.value : JSON.stringify(e.value) ?? '';
    if (e.op === 'drop') fields.splice(i, 1);
    else if (e.op === 'set') fields[i] = [e.pick % 2 === 0 ? (fields[i]?.[0] ?? e.key) : e.key, text];
    else if (fields[i]) fields.push([fields[i][0], text]);
  }
  return new URLSearchParams(fields).toString();
}

/** XML edits on the text between tags: replace it (raw, so markup may break), drop an element, or repeat one. */
function editXml(body: string, edits: Edit[]): string {
  let xml = body;
  for (const e of edits) {
    const texts = [...xml.matchAll(/>([^<]*)</g)];
    const elements = [...xml.matchAll(/<(\w+)(?: [^>]*)?>[^<]*<\/\1>/g)];
    const text = typeof e.value === 'string' ? e.value : JSON.stringify(e.value) ?? '';
    if (e.op === 'set' && texts.length > 0) {
      const m = texts[e.pick % texts.length] as RegExpMatchArray;
      const start = (m.index ?? 0) + 1;
      xml = xml.slice(0, start) + text + xml.slice(start + (m[1] ?? '').length);
    } else if (elements.length > 0) {
      const m = elements[e.pick % elements.length] as RegExpMatchArray;
      const start = m.index ?? 0;
      xml = e.op === 'drop' ? xml.slice(0, start) + xml.slice(start + m[0].length) : xml.slice(0, start) + m[0] + m[0] + xml.slice(start);
    }
  }
  return xml;
}

const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/xml', 'text/plain', 'application/json; charset=utf-8', 'application/xml; charset=iso-8859-1', 'application/json; charset=klingon', 'multipart/form-data; boundary=x'];

/** Whole bodies that owe nothing to the gateway's format. */
const wild = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json(),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.constantFrom(
    '',
    '[]',
    'null',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    '['.repeat(20_000),
    '<a>'.repeat(5_000),
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ussd><msg>&b;&b;&b;</msg></ussd>',
    'x'.repeat(9_000),
    'sessionId=%E0%A4%A&text=%',
  ),
);

/**
 * Requests for `driver`'s endpoint: mostly its own valid samples, structurally edited and then
 * damaged at the byte level; the rest wild bodies under any content type.
 */
export function fuzzedRequests(driver: GatewayDriver, samples: WireRequest[]): fc.Arbitrary<WireRequest> {
  const mutated = fc
    .tuple(fc.constantFrom(...samples), fc.array(edit, { minLength: 1, maxLength: 4 }), damage)
    .map(([sample, edits, d]): WireRequest => {
      if (sample.method === 'GET') return { ...sample, query: wireQuery(applyDamage(editFields(sample.query ?? '', edits), d)) };
      const body = String(sample.body ?? '');
      const edited = driver.xml ? editXml(body, edits) : sample.contentType?.startsWith('application/json') ? editJson(body, edits) : editFields(body, edits);
      return { ...sample, body: applyDamage(edited, d) };
    });
  const random = fc.tuple(fc.constantFrom(...samples), wild, fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined })).map(
    ([sample, body, contentType]): WireRequest =>
      sample.method === 'GET'
        ? { ...sample, query: wireQuery(typeof body === 'string' ? body.slice(0, 2000) : body.toString('latin1')) }
        : { ...sample, body, ...(contentType === undefined ? { contentType: undefined } : { contentType }) },
  );
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: random });
}

/** A query string a client can put on the wire: bytes outside URL-safe ASCII percent-encoded (a stray `%` stays, to test the server). */
export function wireQuery(q: string): string {
  let out = '';
  for (const byte of Buffer.from(q, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
