import CircuitBreaker from 'opossum';
import { inSpan, SpanKind } from '../effects/effect-tracing.js';
import { breakerOptions, type BreakerConfig } from '../infra/breaker-options.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { RedisClient } from '../infra/redis.js';
import type { SourceAnswer, SourceCall, SourcePort, SourceRequest } from '../session/source-port.js';
import { resolveSource, type ResolvedSource, type SourceDefinition } from './resolve-source.js';
import { hasDotSegment } from './dot-segments.js';
import { cachePlace, SourceCache } from './source-cache.js';
import { isSourceAnswer, SourceClient, SourceError, type SourceReply } from './source-client.js';
import { registerSourceMetrics, type FailedOutcome, type SourceMetrics } from './source-metrics.js';


export interface SourcesOptions {
  /** The SOURCE_* settings `${NAME}` reads (config, plus the sandboxes `npm start` started). */
  settings: Readonly<Record<string, string>>;
  breaker: BreakerConfig;
  log: Logger;
  /** Where `cacheSeconds` answers are shared, and how many one source may hold (none: nothing is cached). */
  cache?: { redis: RedisClient; keyPrefix: string; maxEntriesPerSource: number };
  metrics?: Metrics;
  /** A client span per call (only with tracing on: otherwise not even a closure is spent on it). */
  tracing?: boolean;
}

/** One call as the breaker sees it. */
interface Call {
  source: ResolvedSource;
  method: string;
  target: string;
  body: string | undefined;
  key: string | undefined;
  timeoutMs: number;
}

type Breaker = CircuitBreaker<[Call], SourceReply>;
/** The source, its breaker, and its metrics' label sets (made once, not per call). */
type Resolved = { source: ResolvedSource; place: string; breaker: Breaker; labels: { source: string }; ok: { source: string; outcome: 'ok' } } | { error: string };

/** Below this, a call could not be answered in time: it is not made. */
const MIN_CALL_MS = 5;
const FAILED: SourceAnswer = { ok: false };

/**
 * The source port: each call through its source's breaker (opossum: while a source keeps failing,
 * fetches go to `onError` without waiting), within what is left of the hop's deadline, answered
 * from the Redis cache for sources with `cacheSeconds`; counted, timed and (with tracing) traced.
 * Settings, pools and breakers are made once per source, never per call.
 */
export class Sources implements SourcePort {
  readonly client = new SourceClient();
  private readonly breakers = new Map<string, Breaker>();
  private readonly resolved = new WeakMap<SourceDefinition, Resolved>();
  private readonly cache: SourceCache | undefined;
  private readonly metrics: SourceMetrics | undefined;

  constructor(private readonly o: SourcesOptions) {
    this.cache = o.cache && new SourceCache(o.cache.redis, o.cache.keyPrefix, o.cache.maxEntriesPerSource);
    this.metrics = o.metrics && registerSourceMetrics(o.metrics, () => this.states());
  }

  call(request: SourceRequest, hop: SourceCall): Promise<SourceAnswer> {
    if (!this.o.tracing) return this.make(request, hop);
    const attributes = { 'ussd.source': request.source.label, 'http.request.method': request.method, 'ussd.screen': request.screen };
    return inSpan(`${request.method} ${request.source.label}`, SpanKind.CLIENT, attributes, () => this.make(request, hop));
  }

  private async make(request: SourceRequest, hop: SourceCall): Promise<SourceAnswer> {
    const label = request.source.label;
    const entry = this.entry(request.source);
    if ('error' in entry) return this.failed(request, hop, 'unavailable', entry.error);
    const { source, place, breaker, labels } = entry;
    // Not the source's failure (its breaker never hears of it), and the reason never quotes the path.
    if (hasDotSegment(request.target)) return this.failed(request, hop, 'bad-path', `${label}: the path has a dot segment`);
    // A request that carries a secret is never cached: its target would be a Redis key, its answer shared.
    const cached = this.cache && request.method === 'GET' && source.cacheSeconds > 0 && !request.sensitive ? this.cache.slot(label, place, request.target) : undefined;
    if (cached) {
      // The cache may take half of what is left of the hop; past that it is a miss and the source gets the rest.
      const hit = await this.cache?.get(cached, (hop.deadlineAt - Date.now()) / 2);
      const body = hit && parsed(hit.text);
      if (hit && body) {
        this.metrics?.requests.inc({ source: label, outcome: 'cached' }); // rare: a label set of its own is fine
        return { ok: true, status: hit.status, body: body.value };
      }
    }
    const timeoutMs = Math.floor(Math.min(source.timeoutMs, hop.deadlineAt - Date.now()));
    if (timeoutMs < MIN_CALL_MS) return this.failed(request, hop, 'deadline', `${label}: no time left in the hop`);
    const started = performance.now();
    let reply: SourceReply;
    const call: Call = { source, method: request.method, target: request.target, body: request.body, key: request.method === 'POST' ? hop.key : undefined, timeoutMs };
    try {
      reply = await breaker.fire(call);
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') return this.failed(request, hop, 'open', `${label}: breaker open`);
      this.metrics?.seconds.observe(labels, (performance.now() - started) / 1000);
      const e = err instanceof SourceError ? err : new SourceError('unavailable', undefined, (err as Error).message);
      return this.failed(request, hop, cutByTheHop(e, call) ? 'deadline' : e.outcome, e.message);
    }
    this.metrics?.seconds.observe(labels, (performance.now() - started) / 1000);
    this.metrics?.requests.inc(entry.ok, 1);
    if (cached) void this.cache?.put(cached, { status: reply.status, text: reply.text }, source.cacheSeconds);
    return { ok: true, status: reply.status, body: reply.body };
  }

  private failed(request: SourceRequest, hop: SourceCall, outcome: FailedOutcome, reason: string): SourceAnswer {
    this.metrics?.requests.inc({ source: request.source.label, outcome });
    this.o.log.warn({ sessionId: hop.sessionId, source: request.source.label, screen: request.screen, outcome, reason }, 'source call failed: the fetch goes to onError');
    return FAILED;
  }

  /** The source with its settings filled in and its breaker: made at its first call. */
  private entry(def: SourceDefinition): Resolved {
    let entry = this.resolved.get(def);
    if (!entry) {
      try {
        const source = resolveSource(def, this.o.settings);
        entry = { source, place: cachePlace(source.origin + source.basePath + source.search), breaker: this.breaker(def.label), labels: { source: def.label }, ok: { source: def.label, outcome: 'ok' } };
      } catch (err) {
        entry = { error: (err as Error).message };
      }
      this.resolved.set(def, entry);
    }
    return entry;
  }

  /** One breaker per source label: versions of a menu share it. */
  private breaker(label: string): Breaker {
    const known = this.breakers.get(label);
    if (known) return known;
    const { breaker: c, log } = this.o;
    const breaker: Breaker = new CircuitBreaker((call: Call) => this.client.request(call.source, call.method, call.target, call.body, call.key, call.timeoutMs), {
      name: label,
      timeout: false, // each call has its own timeout: what is left of its hop's deadline
      ...breakerOptions(c),
      // A 4xx is an answer. A call cut by its hop's deadline before the source's own timeoutMs says
      // the hop came late, not that the source is down: late hops must not open a healthy source's
      // breaker. Except for the half-open probe: a filtered error closes the breaker, and a cut
      // probe proves nothing, so it fails and the breaker probes again later.
      errorFilter: (err: unknown, call?: Call) => isSourceAnswer(err) || (call !== undefined && cutByTheHop(err, call) && !breaker.halfOpen),
    });
    breaker.on('open', () => log.warn({ source: label, retryInMs: c.BREAKER_RESET_TIMEOUT_MS }, `source ${label} breaker open: its fetches go to onError`));
    breaker.on('halfOpen', () => log.info({ source: label }, `source ${label} breaker half-open: probing`));
    breaker.on('close', () => log.info({ source: label }, `source ${label} breaker closed: answering again`));
    this.breakers.set(label, breaker);
    return breaker;
  }

  private *states(): Iterable<[string, 'closed' | 'half-open' | 'open']> {
    for (const [label, b] of this.breakers) yield [label, b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed'];
  }

  async close(): Promise<void> {
    for (const b of this.breakers.values()) b.shutdown();
    await this.client.close();
  }
}

/** A timeout shorter than the source's own, because the hop had less time left: the hop's doing, not the source's. */
function cutByTheHop(err: unknown, call: Call): boolean {
  return err instanceof SourceError && err.outcome === 'timeout' && call.timeoutMs < call.source.timeoutMs;
}

/** A cached body read back as the client reads one (empty: null); one that does not parse is a miss. */
function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: text === '' ? null : (JSON.parse(text) as unknown) };
  } catch {
    return undefined;
  }
}
