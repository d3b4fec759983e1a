import type { Span } from '@opentelemetry/api';
import { request } from 'undici';
import { withCallTimeout } from '../infra/call-timeout.js';
import { inSpan, SpanKind, traceCarrier } from './effect-tracing.js';
import { classifyStatus, ProviderError } from './provider-error.js';

export interface ProviderAnswer {
  status: number;
  body: unknown;
}

/** The provider did not answer (status and body) within the call's time. */
class ProviderTimeoutError extends Error {}

/**
 * POSTs JSON with an `Idempotency-Key` through undici (its global agent keeps connections alive per
 * provider origin), the whole call (status and body) bounded by `timeoutMs`. Resolves with a 2xx
 * answer; rejects with a classified `ProviderError` otherwise.
 */
export function postIdempotent(url: string, body: object, key: string, timeoutMs: number): Promise<ProviderAnswer> {
  const target = withoutCredentials(url);
  return inSpan(`POST ${target.url.pathname}`, SpanKind.CLIENT, { 'http.request.method': 'POST', 'url.full': target.shown }, (span) => post(target, body, key, timeoutMs, span));
}

interface Target {
  /** The URL requested: no user name or password (undici would drop them without a word). */
  url: URL;
  /** What logs, job reasons and spans may show: the password masked. */
  shown: string;
  /** `Basic …` from the URL's user name and password, when it has them. */
  authorization?: string;
}

/** `https://user:pw@proxy/v1` → HTTP Basic `user`/`pw` to `https://proxy/v1` (docs/adr/provider-url-credentials.md). */
function withoutCredentials(raw: string): Target {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url, shown: raw };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const shown = new URL(raw);
  if (shown.password) shown.password = '***';
  url.username = '';
  url.password = '';
  return { url, shown: shown.toString().replace('%2A%2A%2A@', '***@'), authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function post(target: Target, body: object, key: string, timeoutMs: number, span: Span): Promise<ProviderAnswer> {
  const url = target.shown;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': key };
  if (target.authorization) headers.authorization = target.authorization;
  Object.assign(headers, traceCarrier()); // traceparent: the provider may continue the trace
  let answer: { status: number; text: string };
  try {
    answer = await withCallTimeout(timeoutMs, () => new ProviderTimeoutError(), async (signal) => {
      const res = await request(target.url, { method: 'POST', headers, body: JSON.stringify(body), signal });
      return { status: res.statusCode, text: await res.body.text().catch(() => '') };
    });
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string } };
    const why = e instanceof ProviderTimeoutError ? `no answer within ${timeoutMs} ms` : (e.code ?? e.cause?.code ?? e.message);
    throw new ProviderError('unavailable', undefined, `POST ${url}: ${why}`);
  }
  const { status, text } = answer;
  span.setAttribute('http.response.status_code', status);
  const parsed = parseJson(text);
  const failure = classifyStatus(status);
  if (failure) throw new ProviderError(failure, status, `POST ${url}: ${status} ${reasonOf(parsed, text)}`);
  return { status, body: parsed };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function reasonOf(parsed: unknown, text: string): string {
  if (parsed && typeof parsed === 'object') {
    const o = parsed as Record<string, unknown>;
    const r = o.error ?? o.detail ?? o.title ?? o.message;
    if (typeof r === 'string') return r;
  }
  return text.slice(0, 200);
}

/** `endpoint('http://h/v1', 'charges')` → `http://h/v1/charges`, with or without a trailing slash on the base. */
export function endpoint(baseUrl: string, path: string): string {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
