import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders } from 'node:http';
import { traceRedisCommands } from './redis-tracing.js';

/*
 * OpenTelemetry, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (main.ts imports this file
 * dynamically), so a service without it runs no tracing code at all.
 */

/**
 * Runs one callback inside a server span; `note` adds attributes to it. The delivery layer's
 * `CallbackTracer` (http/ussd-callback.ts) has this shape: infra knows nothing of http.
 */
export type SpanAround = <R extends { status: number }>(
  route: string,
  headers: IncomingHttpHeaders,
  run: (note: (attributes: Record<string, string | number | boolean>) => void) => Promise<R>,
) => Promise<R>;

export interface Tracing {
  /** Wraps each callback in a server span (continuing the gateway's `traceparent`, if any). */
  traceCallback: SpanAround;
  /** Ends the Redis subscription and flushes the spans still buffered. */
  close(): Promise<void>;
}

export function startTracing(opts: { endpoint?: string; exporter?: SpanExporter; role: string }): Tracing {
  const exporter = opts.exporter ?? new OTLPTraceExporter({ url: `${(opts.endpoint ?? '').replace(/\/$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'ussd-engine', 'ussd.role': opts.role }),
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  // Global: the AsyncLocalStorage context manager and the W3C trace-context propagator, so the
  // effects pipeline can carry the context into its jobs with `propagation.inject`.
  provider.register();
  const tracer = provider.getTracer('ussd-engine');
  const stopRedis = traceRedisCommands(tracer);

  const traceCallback: SpanAround = (route, headers, run) =>
    tracer.startActiveSpan(
      `POST ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': route } },
      propagation.extract(context.active(), headers),
      async (span) => {
        try {
          const reply = await run((attributes) => {
            span.setAttributes(attributes);
            if (attributes['ussd.outcome'] === 'unavailable') span.setStatus({ code: SpanStatusCode.ERROR, message: 'answered unavailable' });
          });
          span.setAttribute('http.response.status_code', reply.status);
          if (span.isRecording() && reply.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
          return reply;
        } finally {
          span.end();
        }
      },
    );

  return {
    traceCallback,
    close: async () => {
      stopRedis();
      await provider.shutdown();
    },
  };
}
