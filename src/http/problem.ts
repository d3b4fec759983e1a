import type { HttpReply } from '../gateways/codec.js';

/** An RFC 9457 problem document: what the caller got wrong, in JSON. */
export function problem(status: number, title: string, detail: string, errors: string[] = []): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors.length > 0 ? { errors } : {}) }),
  };
}
