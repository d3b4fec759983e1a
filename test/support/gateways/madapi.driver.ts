import { z } from 'zod';
import type { GatewayDriver } from './driver';
import type { WireRequest } from './wire';

const path = '/ussd/madapi';
const json = 'application/json';
const ReplySchema = z
  .object({
    statusCode: z.literal('0000'),
    statusMessage: z.string(),
    transactionId: z.string().min(1),
    data: z.object({ inboundResponse: z.string(), userInputRequired: z.boolean(), messageType: z.union([z.literal(1), z.literal(2)]), serviceCode: z.union([z.string(), z.number()]), msisdn: z.union([z.string(), z.number()]) }).strict(),
    // Required by MADAPI's OpenAPI document (InboundResponse → Links → self.href).
    _link: z.object({ self: z.object({ href: z.string().min(1) }).strict() }).strict(),
  })
  .strict();

/** MTN MADAPI: JSON `messageType` 0 begin … 4 cancel, 5 timeout; the reply's `data` says 1 continue or 2 end. */
export const madapiDriver: GatewayDriver = {
  name: 'madapi',
  path,
  contentType: /^application\/json/,
  dialString: 'full',
  retry: 'window',
  maxChars: 160,
  xml: false,
  session({ sessionId, msisdn }) {
    let serviceCode = '*384#';
    const hop = (messageType: string, ussdString: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: json,
      body: JSON.stringify({ sessionId, messageType, msisdn, serviceCode, ussdString, language: 'en' }),
    });
    return {
      dial(code) {
        serviceCode = code;
        return hop('0', code);
      },
      answer: (input) => hop('1', input),
      cancel: () => hop('4', 'user aborted'),
      timeout: () => hop('5', ''),
      echoes: () => ({ msisdn, serviceCode }),
    };
  },
  read(res) {
    const r = ReplySchema.parse(JSON.parse(res.body)).data;
    expect(r.messageType).toBe(r.userInputRequired ? 1 : 2);
    return { text: r.inboundResponse, end: !r.userInputRequired, echoes: { msisdn: r.msisdn, serviceCode: r.serviceCode } };
  },
  expectSignalAnswer(res) {
    expect(res.status).toBe(200);
    expect(ReplySchema.parse(JSON.parse(res.body)).data).toMatchObject({ userInputRequired: false, messageType: 2 });
  },
  malformed: [
    { method: 'POST', path, contentType: json, body: '{' },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ sessionId: '01235', messageType: '9', msisdn: '233240000111', serviceCode: '*1234*356#', ussdString: '1' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ sessionId: '01235', messageType: 1, serviceCode: '*1234*356#', ussdString: '1' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ sessionId: { id: 1 }, messageType: '1', msisdn: '233240000111', ussdString: '1' }) },
  ],
  samples() {
    const s = this.session({ sessionId: '01235', msisdn: '233240000111' });
    return [s.dial('*1234*356#'), s.answer('1'), s.cancel?.() as WireRequest, s.timeout?.() as WireRequest];
  },
};
