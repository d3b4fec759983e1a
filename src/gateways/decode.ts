import type { z } from 'zod';
import type { RawRequest } from './codec.js';
import { parseForm } from './form.js';
import { describeIssues } from './issues.js';

export type Decoded<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Validates with a codec's schema; problems name the field (`SessionId: required`). */
export function decode<S extends z.ZodType>(schema: S, value: unknown): Decoded<z.infer<S>> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: describeIssues(r.error.issues) };
}

/** A JSON body, or the reason it is not one. */
export function parseJson(body: string): Decoded<unknown> {
  if (body.trim() === '') return { ok: false, problems: ['the body is empty: expected a JSON object'] };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    return { ok: false, problems: [`the body is not JSON: ${(err as Error).message}`] };
  }
}

/** A JSON body validated with a codec's schema. */
export function decodeJson<S extends z.ZodType>(schema: S, body: string): Decoded<z.infer<S>> {
  const json = parseJson(body);
  return json.ok ? decode(schema, json.value) : json;
}

/** A form body, or a JSON one when the content type says so (Africa's Talking's SDK handler reads both). */
export function decodeFormOrJson<S extends z.ZodType>(schema: S, raw: Pick<RawRequest, 'headers' | 'body'>): Decoded<z.infer<S>> {
  const isJson = /^application\/(?:[\w.+-]+\+)?json/i.test(String(raw.headers['content-type'] ?? ''));
  return isJson ? decodeJson(schema, raw.body) : decode(schema, parseForm(raw.body));
}
