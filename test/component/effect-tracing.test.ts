import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import request from 'supertest';
import { startTracing, type Tracing } from '../../src/infra/tracing';
import { uniqueId } from '../support/redis';
import { QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';
import { eventually } from '../support/eventually';
import { stopTracing } from '../support/tracing';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let h: EffectsHarness;
beforeAll(async () => {
  tracing = startTracing({ exporter, role: 'all' });
  h = await startEffectsHarness({ extras: { traceCallback: tracing.traceCallback } });
});
afterAll(async () => {
  await h.close();
  await stopTracing(tracing);
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const named = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const parentOf = (s: ReadableSpan | undefined) => s?.parentSpanContext?.spanId;
const idOf = (s: ReadableSpan | undefined) => s?.spanContext().spanId;

describe('one trace from the gateway POST to the provider call (tracing on)', () => {
  it("when the final hop carries the gateway's traceparent, then the callback, the enqueue, the worker's job and the provider call are one chain in that trace", async () => {
    const sessionId = uniqueId('ATUid');
    const phoneNumber = `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const post = (text: string, headers: Record<string, string> = {}) =>
      request(h.app).post('/ussd/africastalking').set(headers).type('form').send({ sessionId, serviceCode: '*384#', phoneNumber, networkCode: '63902', text });
    for (const text of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await post(text);
    const res = await post('1*1*2*1*3', { traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01` });
    expect(res.text).toBe(QUIZ_END);
    const [chargeId] = await h.jobIds('billing', sessionId);
    await h.settled('billing', [chargeId as string]);

    const spans = await eventually(() => {
      const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
      return named(inTrace, 'POST /charges').length > 0 ? inTrace : undefined;
    }, 'the provider call span');
    const [callback] = named(spans, 'POST /ussd/africastalking');
    const [enqueue] = named(spans, 'enqueue billing');
    const [job] = named(spans, 'effect billing');
    const [charge] = named(spans, 'POST /charges');
    expect([callback?.kind, enqueue?.kind, job?.kind, charge?.kind]).toEqual([SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.CLIENT]);
    expect([parentOf(enqueue), parentOf(job), parentOf(charge)]).toEqual([idOf(callback), idOf(enqueue), idOf(job)]);
    expect(enqueue?.attributes).toEqual({ 'messaging.destination.name': 'billing', 'messaging.message.id': chargeId });
    expect(charge?.attributes).toEqual({ 'http.request.method': 'POST', 'url.full': `${h.billing.url}/charges`, 'http.response.status_code': 201 });
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(phoneNumber.slice(4));
  });
});
