import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { startTracing, type Tracing } from '../../src/infra/tracing';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { downUrl, startSourceStub, type SourceStub } from '../support/source-stub';
import { stopTracing } from '../support/tracing';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let t: TestApp;
let stub: SourceStub;
beforeAll(async () => {
  stub = await startSourceStub();
  tracing = startTracing({ exporter, role: 'web' });
  t = await startTestApp(
    { MENUS_DIR: 'test/fixtures/menus-sources', SOURCE_BANK_URL: stub.url, SOURCE_BANK_TOKEN: 'tok', SOURCE_DOWN_URL: await downUrl() },
    undefined,
    { traceCallback: tracing.traceCallback },
  );
});
afterAll(async () => {
  await t.close();
  await stopTracing(tracing);
  await stub.close();
});

describe('a fetch with tracing on', () => {
  it('when a hop calls a source, then a client span per call is a child of the callback span, naming the source and screen (not the URL)', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    exporter.reset();
    expect(await at.hop('8')).toBe('END Balance 1500, maize 42.');
    const spans = exporter.getFinishedSpans();
    const callback = spans.find((s) => s.kind === SpanKind.SERVER);
    const calls = spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes['ussd.source'] !== undefined);
    expect(calls.map((s) => [s.name, s.attributes['ussd.screen']])).toEqual([
      ['GET live.bank', 'balance-then-prices'],
      ['GET live.prices', 'prices'],
    ]);
    expect(calls.every((s) => s.spanContext().traceId === callback?.spanContext().traceId && s.parentSpanContext?.spanId === callback?.spanContext().spanId)).toBe(true);
    expect(JSON.stringify(calls.map((s) => s.attributes))).not.toContain(at.phoneNumber.slice(1));
  });
});
