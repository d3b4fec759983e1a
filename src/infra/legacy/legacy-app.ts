import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Counter, Histogram } from 'prom-client';
import type { GatewayCodec, HttpReply, RawRequest } from '../../gateways/codec.js';
import { charsetOf } from '../../gateways/charset.js';
import { legacyDialect } from '../../gateways/legacy-dialects.js';
import { plainAddress } from '../../gateways/plain-address.js';
import type { Relay, RelayHop, Relayed } from '../../session/legacy-port.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { BreakerConfig } from '../breaker-options.js';
import { failureOutcome, LegacyClient } from './legacy-client.js';

/** The spec's words for a legacy app that failed or was too slow, in the gateway's END. */
export const LEGACY_UNAVAILABLE_TEXT = 'Service temporarily unavailable. Please try again later.';

export interface LegacyAppOptions {
  /** By gateway env name (`AFRICASTALKING`), from LEGACY_<GATEWAY>_URL. */
  urls: Readonly<Record<string, string>>;
  timeoutMs: number;
  breaker: BreakerConfig;
  log: Logger;
  metrics?: Metrics;
  /** A client span per forwarded call (tracing on). */
  tracing?: boolean;
}

/**
 * Forwarding to the legacy USSD apps: builds the `Relay` the use case gets for a callback whose
 * gateway has one. The callback goes on as received (method, body, content type, with
 * X-Forwarded-For); a handed-off session's hops are first rewritten in the gateway's dialect.
 */
export class LegacyApp {
  private readonly client: LegacyClient;
  private readonly requests?: Counter<'gateway' | 'outcome'>;
  private readonly seconds?: Histogram<'gateway'>;

  constructor(private readonly opts: LegacyAppOptions) {
    this.client = new LegacyClient(opts.breaker, opts.log);
    this.requests = opts.metrics?.counter({
      name: 'ussd_legacy_requests_total',
      help: 'Callbacks forwarded to the legacy USSD app, by gateway and outcome: ok, error (no answer or a non-2xx status), timeout, breaker_open.',
      labelNames: ['gateway', 'outcome'],
    });
    this.seconds = opts.metrics?.histogram({
      name: 'ussd_legacy_request_duration_seconds',
      help: 'Time the legacy USSD app took to answer a forwarded callback, by gateway.',
      labelNames: ['gateway'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
  }

  /** Whether callbacks of this codec may be forwarded (its gateway has a legacy app, and the endpoint carries hops). */
  serves(codec: GatewayCodec<never>): boolean {
    return codec.notificationsOnly !== true && this.opts.urls[codec.envName] !== undefined;
  }

  /** The relay for one callback; its timeout runs from now, so the caller's answer is always in time. */
  relayFor(codec: GatewayCodec<never>, raw: RawRequest, request: never): Relay | undefined {
    const url = this.opts.urls[codec.envName];
    if (url === undefined || codec.notificationsOnly) return undefined;
    const until = performance.now() + this.opts.timeoutMs;
    return (hop) => this.relay(codec, raw, request, hop, url, until);
  }

  private async relay(codec: GatewayCodec<never>, raw: RawRequest, request: never, hop: RelayHop, base: string, until: number): Promise<Relayed> {
    const started = performance.now();
    const dialect = legacyDialect(codec.name);
    const sent = hop.handoff && dialect ? dialect.rewrite({ body: raw.body, query: raw.query }, hop.handoff, hop.opens) : raw;
    const url = withQuery(base, sent.query);
    const body = raw.method === 'GET' ? undefined : sent.body === raw.body ? (raw.bytes ?? raw.body) : encodedFor(sent.body, raw.headers['content-type']);
    const call = { url, method: raw.method, headers: forwardedHeaders(raw), body, timeoutMs: Math.max(1, Math.floor(until - started)) };
    const span = this.opts.tracing ? trace.getTracer('ussd-engine').startSpan(`${raw.method} legacy`, { kind: SpanKind.CLIENT, attributes: { 'ussd.gateway': codec.name, 'server.address': new URL(url).host } }) : undefined;
    try {
      const reply = await this.client.send(call);
      this.count(codec.name, 'ok', started);
      span?.setAttribute('http.response.status_code', reply.status);
      const screen = dialect?.screen(reply);
      return { reply, ok: true, ...(screen ? { screen } : {}) };
    } catch (err) {
      const outcome = failureOutcome(err);
      this.count(codec.name, outcome, started);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      this.opts.log.warn({ gateway: codec.name, outcome, err: (err as Error).message }, 'legacy app failed: answered unavailable');
      return { reply: unavailable(codec, request), ok: false };
    } finally {
      span?.end();
    }
  }

  private count(gateway: string, outcome: string, started: number): void {
    this.requests?.inc({ gateway, outcome });
    if (outcome === 'ok') this.seconds?.observe({ gateway }, (performance.now() - started) / 1000);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function unavailable(codec: GatewayCodec<never>, request: never): HttpReply {
  return codec.render({ text: LEGACY_UNAVAILABLE_TEXT, end: true }, request);
}

function withQuery(url: string, query: string): string {
  if (query === '') return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** A rewritten body in the charset its content type declares (undici would send a string as UTF-8). */
function encodedFor(body: string, contentType: string | undefined): string | Buffer {
  const charset = charsetOf(contentType);
  return charset === 'iso-8859-1' || charset === 'latin1' ? Buffer.from(body, 'latin1') : body;
}

/** As received: the content type, plus the gateway's address (IPv4 as such) added to X-Forwarded-For. */
function forwardedHeaders(raw: RawRequest): Record<string, string> {
  const h = raw.headers;
  const prior = h['x-forwarded-for'];
  const peer = plainAddress(raw.remoteAddress ?? '');
  const xff = prior === undefined ? peer : `${Array.isArray(prior) ? prior.join(', ') : prior}, ${peer}`;
  const out: Record<string, string> = { 'x-forwarded-for': xff };
  if (h['content-type']) out['content-type'] = h['content-type'];
  if (h.accept) out.accept = h.accept;
  return out;
}
