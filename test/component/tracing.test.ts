import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import request from 'supertest';
import { startTracing, type Tracing } from '../../src/infra/tracing';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';
import { stopTracing } from '../support/tracing';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let t: TestApp;
beforeAll(async () => {
  tracing = startTracing({ exporter, role: 'web' });
  t = await startTestApp({}, undefined, { traceCallback: tracing.traceCallback });
});
afterAll(async () => {
  await t.close();
  await stopTracing(tracing);
});
beforeEach(() => exporter.reset());

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const dial = (sessionId: string, phoneNumber = '+254711000111') => ({ sessionId, serviceCode: '*384#', phoneNumber, networkCode: '63902', text: '' });
/** A number no other test uses: another test's resume pointer for a shared number would add a read to the dial. */
const ownNumber = () => `+2547${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const server = (spans: ReadableSpan[]) => spans.filter((s) => s.kind === SpanKind.SERVER);
const redis = (spans: ReadableSpan[]) => spans.filter((s) => s.name.startsWith('redis '));

describe('tracing with OpenTelemetry (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it("when a gateway's POST carries a traceparent, then one server span continues that trace and every Redis command of the hop is its child", async () => {
    const sessionId = uniqueId('ATUid');
    const res = await request(t.app).post('/ussd/africastalking').set('traceparent', `00-${TRACE_ID}-${PARENT_ID}-01`).type('form').send(dial(sessionId, ownNumber()));
    expect(res.text).toBe('CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score');
    const spans = exporter.getFinishedSpans();
    const [callback] = server(spans);
    expect(server(spans)).toHaveLength(1);
    expect({ name: callback?.name, traceId: callback?.spanContext().traceId, parent: callback?.parentSpanContext?.spanId, status: callback?.status.code }).toEqual({
      name: 'POST /ussd/africastalking',
      traceId: TRACE_ID,
      parent: PARENT_ID,
      status: SpanStatusCode.UNSET,
    });
    expect(callback?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/ussd/africastalking',
      'http.response.status_code': 200,
      'ussd.gateway': 'africastalking',
      'ussd.session.id': sessionId,
      'ussd.outcome': 'continue',
      'ussd.session.started': true,
    });
    // The dial reads the session, the caller's resume pointer and profile in one round trip (this app's first dial
    // also checks whether Africa's Talking's end-of-session notifications reach it), then stores with the CAS script.
    // (Other Redis spans, e.g. BullMQ's own start-up commands, belong to no callback.)
    const hop = redis(spans).filter((s) => s.parentSpanContext?.spanId === callback?.spanContext().spanId);
    const names = hop.map((s) => s.name).sort();
    expect(names.filter((n) => !/^redis EVAL(SHA)?$/.test(n))).toEqual(['redis EXISTS', 'redis GET', 'redis GET', 'redis HMGET']);
    expect(names.filter((n) => /^redis EVAL(SHA)?$/.test(n)).length).toBeGreaterThanOrEqual(1);
    for (const s of hop) {
      expect([s.spanContext().traceId, s.parentSpanContext?.spanId, s.kind]).toEqual([TRACE_ID, callback?.spanContext().spanId, SpanKind.CLIENT]);
      expect(s.attributes).toMatchObject({ 'db.system.name': 'redis', 'server.address': expect.any(String) });
    }
  });

  it('when spans are exported, then none of them holds the phone number or the stored session', async () => {
    await request(t.app).post('/ussd/africastalking').type('form').send(dial(uniqueId('ATUid'), '+254722333444'));
    const text = JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes));
    expect(text).not.toContain('722333444');
    expect(text).not.toContain('Welcome');
  });

  it('when Redis is gone, then the callback span is an error with the unavailable outcome', async () => {
    const broken = await startTestApp({}, undefined, { traceCallback: tracing.traceCallback });
    try {
      (broken.deps.redis as { disconnect(): void }).disconnect();
      await request(broken.app).post('/ussd/africastalking').type('form').send(dial(uniqueId('ATUid')));
      const spans = exporter.getFinishedSpans();
      const [callback] = server(spans);
      expect([callback?.status.code, callback?.attributes['ussd.outcome']]).toEqual([SpanStatusCode.ERROR, 'unavailable']);
      // ioredis refuses the commands before sending them (no offline queue), so no Redis span is made.
      expect(redis(spans).filter((r) => r.parentSpanContext?.spanId === callback?.spanContext().spanId)).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
