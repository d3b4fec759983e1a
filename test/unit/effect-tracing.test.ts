import { inSpan, SpanKind, traceCarrier } from '../../src/effects/effect-tracing';

describe('effect tracing with tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('when a job is enqueued, then no trace context is carried in it', () => {
    expect(traceCarrier()).toBeUndefined();
  });

  it('when work runs in a span, then it runs as is and its result or error comes back unchanged', async () => {
    await expect(inSpan('effect billing', SpanKind.CONSUMER, {}, () => Promise.resolve('applied'))).resolves.toBe('applied');
    await expect(inSpan('effect billing', SpanKind.CONSUMER, {}, async () => Promise.reject(new Error('503 from the provider')))).rejects.toThrow('503 from the provider');
  });
});
