import type { EffectJob } from '../effect-job.js';
import type { EffectProvider } from '../effect-provider.js';
import { classifyStatus, ProviderError } from '../provider-error.js';
import { hasDotSegment } from '../../sources/dot-segments.js';
import { resolveSource, type ResolvedSource } from '../../sources/resolve-source.js';
import { SourceClient, SourceError } from '../../sources/source-client.js';
import type { EffectKindRuntime } from './effect-kind-runtime.js';

/**
 * The client of one source a `call` names (`eneza.analytics`): the sources' HTTP client, with the
 * effect id as `Idempotency-Key`. The source's `${NAME}`s are filled from this worker's SOURCE_*
 * settings (the outbox and the queue never hold a URL or a token). A 2xx is done, whatever its body.
 */
export function callClient(name: string, settings: Readonly<Record<string, string>>, timeoutMs: number): EffectProvider {
  const client = new SourceClient(4);
  const resolved = new Map<string, ResolvedSource>();
  const sourceOf = (effect: Extract<EffectJob['effect'], { kind: 'call' }>): ResolvedSource => {
    const id = `${effect.url} ${JSON.stringify(effect.headers ?? {})}`;
    let source = resolved.get(id);
    if (!source) {
      const def = { label: effect.source, url: effect.url, headers: Object.entries(effect.headers ?? {}), timeoutMs: effect.timeoutMs, cacheSeconds: 0 };
      try {
        source = resolveSource(def, settings);
      } catch (err) {
        // A setting this worker lacks: retried (and counted against the breaker) until it is deployed with it.
        throw new ProviderError('unavailable', undefined, (err as Error).message);
      }
      resolved.set(id, source);
    }
    return source;
  };
  return {
    name,
    async deliver(job: EffectJob) {
      const { effect } = job;
      if (effect.kind !== 'call') throw new ProviderError('rejected', undefined, `${name} cannot deliver a ${effect.kind} effect`);
      // A value typed as `.` or `..` would make the path resolve elsewhere on the source (see dot-segments.ts): never sent, never retried.
      if (hasDotSegment(effect.target)) throw new ProviderError('rejected', undefined, `${effect.source}: the path has a dot segment`);
      const body = JSON.stringify(effect.body ?? {});
      try {
        return (await client.request(sourceOf(effect), effect.method, effect.target, body, job.id, Math.min(effect.timeoutMs, timeoutMs))).body;
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        // Answered 2xx: applied, whatever the body (not JSON, over the cap); sending it again would only repeat it.
        if (err.status !== undefined && err.status >= 200 && err.status < 300) return null;
        const failure = err.outcome === 'status' && err.status !== undefined ? (classifyStatus(err.status) ?? 'unavailable') : 'unavailable';
        throw new ProviderError(failure, err.status, err.message);
      }
    },
  };
}

/** `call`: a source named per effect (`<menu>.<source>`), one shared queue, a breaker per source. */
export const callRuntime = {
  kind: 'call',
  queue: 'calls',
  concurrency: (config) => config.CALL_CONCURRENCY,
  endpoints: [],
  providerOf: (effect) => effect.source,
  client: (name, _baseUrl, timeoutMs, settings) => callClient(name, settings, timeoutMs),
} as const satisfies EffectKindRuntime<'call'>;
