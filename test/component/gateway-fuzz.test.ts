import { createServer, STATUS_CODES, type Server } from 'node:http';
import fc from 'fast-check';
import { septetLength, toGsm7, truncateSeptets } from '../../src/menu/gsm7';
import { startTestApp, type TestApp } from '../support/app';
import { publishConformanceMenu } from '../support/conformance-menu';
import { manualClock, uniqueMsisdn } from '../support/gateways/caller';
import type { GatewayDriver } from '../support/gateways/driver';
import { DRIVERS } from '../support/gateways/index';
import { send, type WireRequest, type WireResponse } from '../support/gateways/wire';
import { fuzzedRequests } from '../support/fuzz/payloads';
import { uniqueId } from '../support/redis';

/*
 * Every endpoint (each gateway's, and Africa's Talking's events URL) takes RUNS random and mutated
 * payloads through a real listening server: 10 endpoints × 1,000 = 10,000 requests. None may be
 * answered 5xx or crash the process; each answer is either a 4xx problem document or a reply in
 * that gateway's own shape. Then every gateway carries INPUT_RUNS learners typing anything at all
 * into the echo service, whose END repeats it: the reply must stay well-formed (XML too) and be
 * the input's GSM-7 form cut to the cap. A failure prints fast-check's seed and the shrunk payload.
 */
const RUNS = 1_000;
const INPUT_RUNS = 100;

let t: TestApp;
let server: Server;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  t = await startTestApp({ GATEWAY_BEEM_SERVICE_CODE: '*384#', GATEWAY_TRUROUTE_SERVICE_CODE: '*384#' });
  publishConformanceMenu(t);
  clock = manualClock(t);
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** The answer is a problem document for a 4xx, or the gateway's own reply (or signal answer) for a 200. */
function expectWellFormed(driver: GatewayDriver, req: WireRequest, res: WireResponse): void {
  if (res.status >= 400 && res.status < 500) {
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual(expect.objectContaining({ type: 'about:blank', title: STATUS_CODES[res.status], status: res.status, detail: expect.any(String) }));
    return;
  }
  expect(res.status).toBe(200);
  const cleanUp = driver.name === 'flares-get' && res.body === '' && res.headers.freeflow === undefined;
  if (req.path.endsWith('/events') || cleanUp) return driver.expectSignalAnswer(res);
  expect(res.headers['content-type']).toMatch(driver.contentType);
  driver.read(res);
}

/** One fuzzed endpoint per distinct path, with the samples of every driver that uses it (Hubtel's serves Emergent too). */
const ENDPOINTS = [
  ...DRIVERS.flatMap((driver) => {
    const own = driver.session({ sessionId: uniqueId('fuzz'), msisdn: uniqueMsisdn() });
    const live = [own.dial('*384#'), own.answer('1'), own.answer('1'), ...(own.cancel ? [own.cancel()] : [])];
    return [...driver.samples(), ...live].map((sample) => ({ driver, sample }));
  })
    .reduce((byPath, { driver, sample }) => {
      const entry = byPath.get(sample.path) ?? { driver, samples: [] as WireRequest[] };
      entry.samples.push(sample);
      return byPath.set(sample.path, entry);
    }, new Map<string, { driver: GatewayDriver; samples: WireRequest[] }>())
    .entries(),
].map(([path, { driver, samples }]) => [path, driver, samples] as const);

describe('fuzzing every endpoint', () => {
  it('covers ten endpoints', () => expect(ENDPOINTS.map(([path]) => path).sort()).toHaveLength(10));

  it.each(ENDPOINTS)(`when %s gets ${RUNS} random and mutated payloads, then no 5xx and every answer is well-formed`, async (_path, driver, samples) => {
    await fc.assert(
      fc.asyncProperty(fuzzedRequests(driver, samples), async (req) => {
        const res = await send(server, req);
        expectWellFormed(driver, req, res);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

/** What a learner might type: anything a phone or a broken gateway could put in the field. */
const typed = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('0', '00', '98', '*', '#', '1*2#', ' 1 ', '\f', '\r', '\r\n', '€'.repeat(100), '<&>"\'', '&amp;', ']]>', '\u0000'),
);

describe('fuzzing what learners type', () => {
  it.each(DRIVERS.map((d) => [d.name, d] as const))(`when %s carries ${INPUT_RUNS} arbitrary inputs into an echoing END, then each reply is well-formed and the input in GSM-7 within the cap`, async (_name, driver) => {
    await fc.assert(
      fc.asyncProperty(typed, async (input) => {
        const session = driver.session({ sessionId: uniqueId(`fuzz-in-${driver.name}`), msisdn: uniqueMsisdn() });
        expect(driver.read(await send(server, session.dial('*386#'))).end).toBe(false);
        clock.advance(5); // a learner's pace: a repeated input is an answer, not a duplicate
        expect(driver.read(await send(server, session.answer('1'))).text).toBe('Type anything:');
        clock.advance(5);
        const res = await send(server, session.answer(input));
        expect(res.status).toBe(200);
        const reply = driver.read(res);
        const echo = expectedEcho(driver, input);
        if (echo === undefined) expect(reply.end).toBe(false);
        else if (echo === PAGED) {
          expect(reply.end).toBe(false);
          expect(reply.text.endsWith('\n98. More')).toBe(true);
          expect(septetLength(reply.text)).toBeLessThanOrEqual(driver.maxChars);
        } else expect({ text: reply.text, end: reply.end }).toEqual({ text: echo, end: true });
      }),
      { numRuns: INPUT_RUNS },
    );
  }, 120_000);
});

/** An echo longer than the gateway carries: shown a page at a time (issue 12), the first page a CON ending in More. */
const PAGED = Symbol('paged');

/**
 * The echo as the learner sees it: what the gateway carried of the input, in GSM-7, cut to the
 * cap; PAGED when that is over the cap; undefined when the menu gets no answer from it (empty,
 * back or home), so the screen changes without an END. Only the transport is modelled: XML parsing
 * trims, XML cannot carry GSM's form feed and reads a carriage return as a newline; the Flares GET body is sent trimmed.
 */
function expectedEcho(driver: GatewayDriver, input: string): string | typeof PAGED | undefined {
  const carried = driver.xml ? input.trim() : input;
  if (['', '0', '00'].includes(carried)) return undefined; // `98` (more) is an answer on a one-page screen
  if (septetLength(carried) > driver.maxChars) return PAGED;
  const text = truncateSeptets(toGsm7(carried), driver.maxChars);
  if (driver.xml) return text.replace(/\f/g, '').replace(/\r\n?/g, '\n');
  return driver.name === 'flares-get' ? text.trimStart() : text;
}
