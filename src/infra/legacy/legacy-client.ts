import CircuitBreaker from 'opossum';
import { Agent, errors, request } from 'undici';
import { charsetOf } from '../../gateways/charset.js';
import type { HttpReply } from '../../gateways/codec.js';
import { withoutPasswords } from '../../config.js';
import { breakerOptions, type BreakerConfig } from '../breaker-options.js';
import { withCallTimeout } from '../call-timeout.js';
import type { Logger } from '../logger.js';

/** One outgoing call: what is sent, and how long it may take. */
export interface LegacyCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  timeoutMs: number;
}

/** The legacy app answered with something other than 2xx (its reply is not relayed). */
export class LegacyStatusError extends Error {
  constructor(readonly status: number) {
    super(`legacy app answered ${status}`);
    this.name = 'LegacyStatusError';
  }
}

/**
 * The largest legacy reply read. A USSD screen is a few hundred bytes even wrapped in XML; a bigger
 * reply is a broken app (an error page, a dump), and reading it whole would hold that much memory
 * per call. Above it the call fails and the caller gets the unavailable END
 * (docs/adr/legacy-reply-size.md).
 */
export const MAX_LEGACY_REPLY_BYTES = 64 * 1024;

/** The legacy app's reply was larger than MAX_LEGACY_REPLY_BYTES. */
export class LegacyReplyTooLargeError extends Error {
  constructor() {
    super(`legacy app: a reply over ${MAX_LEGACY_REPLY_BYTES} bytes`);
    this.name = 'LegacyReplyTooLargeError';
  }
}

/** The legacy app did not answer within the hop's time. */
export class LegacyTimeoutError extends Error {
  constructor(ms: number) {
    super(`legacy app: no answer within ${ms} ms`);
    this.name = 'LegacyTimeoutError';
  }
}

/**
 * The HTTP side of forwarding: one pooled undici Agent (keep-alive connections per legacy origin)
 * and one opossum breaker per legacy URL, so a legacy app that is down costs the caller no wait.
 * Timeouts come per call (the hop's remaining deadline), so the breaker's own timer is off.
 */
export class LegacyClient {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 256, pipelining: 1, maxResponseSize: MAX_LEGACY_REPLY_BYTES });
  private readonly breakers = new Map<string, CircuitBreaker<[LegacyCall], HttpReply>>();

  constructor(
    private readonly config: BreakerConfig,
    private readonly log: Logger,
  ) {}

  send(call: LegacyCall): Promise<HttpReply> {
    return this.breakerFor(call.url).fire(call);
  }

  private breakerFor(url: string): CircuitBreaker<[LegacyCall], HttpReply> {
    const base = url.split('?')[0] ?? url;
    let breaker = this.breakers.get(base);
    if (breaker) return breaker;
    const c = this.config;
    const shown = withoutPasswords(base);
    breaker = new CircuitBreaker((call: LegacyCall) => this.call(call), {
      name: `legacy ${shown}`,
      timeout: false,
      ...breakerOptions(c),
    });
    breaker.on('open', () => this.log.warn({ legacy: shown, retryInMs: c.BREAKER_RESET_TIMEOUT_MS }, 'legacy app breaker open: callers get the unavailable END'));
    breaker.on('halfOpen', () => this.log.info({ legacy: shown }, 'legacy app breaker half-open: probing'));
    breaker.on('close', () => this.log.info({ legacy: shown }, 'legacy app breaker closed: forwarding again'));
    this.breakers.set(base, breaker);
    return breaker;
  }

  private call(call: LegacyCall): Promise<HttpReply> {
    return withCallTimeout(call.timeoutMs, () => new LegacyTimeoutError(call.timeoutMs), async (signal): Promise<HttpReply> => {
      const res = await request(call.url, { dispatcher: this.agent, method: call.method as 'POST', headers: call.headers, body: call.body, signal });
      if (res.statusCode < 200 || res.statusCode > 299) {
        await res.body.dump();
        throw new LegacyStatusError(res.statusCode);
      }
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const headers = relayedHeaders(res.headers);
      return { status: res.statusCode, headers, body: textOf(bytes, headers['content-type']), bytes, verbatim: true };
    }).catch((err: unknown) => {
      throw err instanceof errors.ResponseExceededMaxSizeError ? new LegacyReplyTooLargeError() : err;
    });
  }

  async close(): Promise<void> {
    for (const b of this.breakers.values()) b.shutdown();
    await this.agent.close();
  }
}

/**
 * A reply's text by the charset its content type names (an old app may answer ISO-8859-1), UTF-8
 * when it names none or one this Node does not know. Only read (screens, shadow comparisons): the
 * caller gets the bytes.
 */
function textOf(bytes: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** The `outcome` label of a failed call. */
export function failureOutcome(err: unknown): 'timeout' | 'breaker_open' | 'error' {
  if ((err as { code?: string } | null)?.code === 'EOPENBREAKER') return 'breaker_open';
  return err instanceof LegacyTimeoutError ? 'timeout' : 'error';
}

/** Headers that describe one connection or one encoding of the body, not the reply: never relayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date', 'proxy-connection', 'te', 'trailer', 'upgrade']);

/**
 * The legacy app's reply headers as the gateway must see them: the content type, and whatever else
 * carries meaning (Comviva Flares over GET puts the session verb in `Freeflow`).
 */
function relayedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}
