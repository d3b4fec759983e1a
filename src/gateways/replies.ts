import type { HttpReply } from './codec.js';

/** A 200 with a JSON body. */
export function jsonReply(body: unknown): HttpReply {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** A 200 with an XML body (its text already escaped), as `text/xml` unless the gateway spoke `application/xml`. */
export function xmlReply(body: string, type: 'text/xml' | 'application/xml' = 'text/xml'): HttpReply {
  return { status: 200, headers: { 'content-type': `${type}; charset=utf-8` }, body };
}

/** A 200 with a plain-text body, plus any headers the gateway reads. */
export function textReply(body: string, headers: Record<string, string> = {}): HttpReply {
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}
