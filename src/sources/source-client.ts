import { Pool, errors } from 'undici';
import { withCallTimeout } from '../infra/call-timeout.js';
import type { ResolvedSource } from './resolve-source.js';

/** Bodies above this are refused as errors: a fetch keeps a few fields, never a document. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Why a call failed, as the metrics count it (`ok` is a 2xx JSON answer). */
export type SourceOutcome = 'ok' | 'status' | 'timeout' | 'unavailable' | 'too-large' | 'not-json';

export class SourceError extends Error {
  constructor(
    readonly outcome: Exclude<SourceOutcome, 'ok'>,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** A source answered, but said no (4xx other than 408/429): an answer, not an outage. */
export function isSourceAnswer(err: unknown): boolean {
  return err instanceof SourceError && err.outcome === 'status' && err.status !== undefined && err.status < 500 && err.status !== 408 && err.status !== 429;
}

export interface SourceReply {
  status: number;
  body: unknown;
  /** The body as received (what a cache keeps). */
  text: string;
}

/**
 * The one HTTP client of sources (fetch screens and call effects): an undici keep-alive pool per
 * source, a total timeout per call (the hop's deadline decides it), bodies capped at 64 KB while
 * they stream in, JSON only. Resolves with a 2xx JSON answer; rejects with a `SourceError`.
 */
export class SourceClient {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connections = 32) {}

  async request(source: ResolvedSource, method: string, target: string, body: string | undefined, key: string | undefined, timeoutMs: number): Promise<SourceReply> {
    const headers = body === undefined && key === undefined ? source.headers : { ...source.headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) };
    const timedOut = () => new SourceError('timeout', undefined, `${source.label}: no answer within ${timeoutMs} ms`);
    const { status, text } = await withCallTimeout(timeoutMs, timedOut, async (signal) => {
      try {
        const res = await this.pool(source).request({ path: pathOf(source, target), method, headers, body, signal });
        const length = Number(res.headers['content-length'] ?? 0);
        if (length > MAX_BODY_BYTES) {
          res.body.destroy();
          throw new SourceError('too-large', res.statusCode, `${source.label}: a ${length}-byte body (at most ${MAX_BODY_BYTES})`);
        }
        return { status: res.statusCode, text: await res.body.text().catch((err: unknown) => Promise.reject(classify(source, err, res.statusCode))) };
      } catch (err) {
        throw classify(source, err);
      }
    });
    if (status < 200 || status >= 300) throw new SourceError('status', status, `${source.label}: answered ${status}`);
    try {
      return { status, body: text === '' ? null : JSON.parse(text), text };
    } catch {
      throw new SourceError('not-json', status, `${source.label}: the body is not JSON`);
    }
  }

  private pool(source: ResolvedSource): Pool {
    const name = `${source.label} ${source.origin}`;
    let pool = this.pools.get(name);
    if (!pool) {
      pool = new Pool(source.origin, { connections: this.connections, maxResponseSize: MAX_BODY_BYTES, keepAliveTimeout: 30_000 });
      this.pools.set(name, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}

/** The request's path: the base URL's path, the call's path, then the base URL's query and the call's own. */
function pathOf(source: ResolvedSource, target: string): string {
  if (source.search === '') return source.basePath + target;
  const q = target.indexOf('?');
  return q === -1 ? source.basePath + target + source.search : `${source.basePath}${target.slice(0, q)}${source.search}&${target.slice(q + 1)}`;
}

/** `status`: the answer's, when its headers came (a body cut off at the cap still says what the source answered). */
function classify(source: ResolvedSource, err: unknown, status?: number): SourceError {
  if (err instanceof SourceError) return err;
  const e = err as Error & { code?: string };
  if (err instanceof errors.ResponseExceededMaxSizeError) return new SourceError('too-large', status, `${source.label}: the body is over ${MAX_BODY_BYTES} bytes`);
  return new SourceError('unavailable', undefined, `${source.label}: ${e.code ?? e.message}`);
}
