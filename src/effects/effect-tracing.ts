import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/*
 * The effects' part of a trace: the enqueue (a producer span, child of the callback's), the job (a
 * consumer span under the context the job carries), and the provider call (a client span whose
 * `traceparent` goes to the provider). With tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT) the
 * OpenTelemetry API is a no-op: nothing is carried and the spans record nothing.
 */

const tracer = () => trace.getTracer('ussd-engine');

/** The active trace context as W3C headers, to carry inside a job; undefined when tracing is off. */
export function traceCarrier(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** Runs `work` in a span; the span ends when it settles, an error status if it throws. */
export function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: Span) => Promise<T>, carrier?: Record<string, string>): Promise<T> {
  const parent = carrier ? propagation.extract(context.active(), carrier) : context.active();
  return tracer().startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
