import { z } from 'zod';
import type { GatewayDriver } from './driver';
import { readXml } from './truroute.driver';
import { xmlEscape, type WireRequest } from './wire';

const path = '/ussd/flares';
const xml = 'text/xml';
const ReplySchema = z.object({
  response: z
    .object({
      msisdn: z.string(),
      applicationResponse: z.string(),
      freeflow: z.object({ freeflowState: z.enum(['FC', 'FB']), freeflowCharging: z.literal('N'), freeflowChargingAmount: z.literal('0') }).strict(),
    })
    .strict(),
});

/** Comviva Flares XML pull: `newRequest` 1 with the code's digits, then the latest input; `cleanUp` ends it. */
export const flaresDriver: GatewayDriver = {
  name: 'flares',
  path,
  // text/xml to these requests (test/component/payload-shapes.test.ts); the fuzzer mutates the
  // endpoint's application/xml variants under this driver too.
  contentType: /^(text|application)\/xml/,
  dialString: 'digits',
  retry: 'window',
  maxChars: 160,
  xml: true,
  session({ sessionId, msisdn }) {
    const pull = (newRequest: 0 | 1, input: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: xml,
      body:
        '<?xml version="1.0" encoding="UTF-8"?>' +
        `<request type="pull"><sessionId>${sessionId}</sessionId><transactionId/><msisdn>${msisdn}</msisdn><newRequest>${newRequest}</newRequest>` +
        `<flowState>${newRequest ? 'FD' : 'FE'}</flowState><subscriberInput>${xmlEscape(input)}</subscriberInput></request>`,
    });
    const cleanUp = (): WireRequest => ({
      method: 'POST',
      path,
      contentType: xml,
      body: `<request type="cleanUp"><sessionId>${sessionId}</sessionId><msisdn>${msisdn}</msisdn><statusCode>523</statusCode></request>`,
    });
    return { dial: (code) => pull(1, code.replace(/^\*|#$/g, '')), answer: (input) => pull(0, input), cancel: cleanUp, timeout: cleanUp, echoes: () => ({ msisdn }) };
  },
  read(res) {
    const r = readXml(res.body, ReplySchema).response;
    return { text: r.applicationResponse, end: r.freeflow.freeflowState === 'FB', echoes: { msisdn: r.msisdn } };
  },
  expectSignalAnswer(res) {
    expect(res.status).toBe(200);
    expect(readXml(res.body, ReplySchema).response.freeflow.freeflowState).toBe('FB');
  },
  malformed: [
    { method: 'POST', path, contentType: xml, body: '<request type="pull"><sessionId>5511</sessionId><msisdn>256772000111</msisdn><subscriberInput>1</subscriberInput></request>' },
    { method: 'POST', path, contentType: xml, body: '<request type="push"><sessionId>5511</sessionId><msisdn>256772000111</msisdn><newRequest>0</newRequest></request>' },
    { method: 'POST', path, contentType: xml, body: '<request type="pull"><sessionId>5511</sessionId><sessionId>5512</sessionId><msisdn>256772000111</msisdn><newRequest>0</newRequest></request>' },
    { method: 'POST', path, contentType: xml, body: '' },
  ],
  samples() {
    const s = this.session({ sessionId: '5511', msisdn: '256772000111' });
    return [s.dial('*165#'), s.answer('1'), s.cancel?.() as WireRequest];
  },
};
