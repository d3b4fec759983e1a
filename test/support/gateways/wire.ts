import type { RequestListener, Server } from 'node:http';
import request from 'supertest';

/** One HTTP request as a gateway would send it. */
export interface WireRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  contentType?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** What came back, body always as text. */
export interface WireResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Sends `req` to the app (or a listening server) and buffers the answer as text, whatever its type. */
export async function send(target: RequestListener | Server, req: WireRequest): Promise<WireResponse> {
  const url = req.query ? `${req.path}?${req.query}` : req.path;
  let r = req.method === 'GET' ? request(target).get(url) : request(target).post(url);
  for (const [k, v] of Object.entries(req.headers ?? {})) r = r.set(k, v);
  if (req.contentType) r = r.set('content-type', req.contentType);
  r = r.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });
  const res = req.body === undefined ? await r : await r.send(req.body);
  return { status: res.status, headers: res.headers, body: res.body };
}

/** Form / query encoding of a flat record. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Text escaped for an XML element, as a gateway's XML writer would. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
