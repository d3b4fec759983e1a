import { z } from 'zod';
import type { GatewayDriver } from './driver';
import type { WireRequest } from './wire';

const path = '/ussd/hubtel';
const json = 'application/json';
/** Programmable Services fields the official SDK always sends: `Label`, `DataType` (input / display), `FieldType`. */
const sdkFields = { Label: z.string(), FieldType: z.literal('text') };
const ReplySchema = z.union([
  z.object({ Type: z.literal('Response'), Message: z.string(), ClientState: z.literal(''), MaskNextRoute: z.literal(true), DataType: z.literal('input'), ...sdkFields }).strict(),
  z.object({ Type: z.literal('Release'), Message: z.string(), ClientState: z.literal(''), DataType: z.literal('display'), ...sdkFields }).strict(),
]);

/** Hubtel: JSON, `Type` Initiation/Response/Release/Timeout, the latest input, `Sequence` per hop. */
export const hubtelDriver: GatewayDriver = {
  name: 'hubtel',
  path,
  contentType: /^application\/json/,
  dialString: 'full',
  retry: 'sequence',
  maxChars: 160,
  xml: false,
  session({ sessionId, msisdn }) {
    let seq = 0;
    let code = '*384#';
    const hop = (Type: string, Message: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: json,
      body: JSON.stringify({ Type, Mobile: msisdn, SessionId: sessionId, ServiceCode: code.replace(/^\*|#$/g, ''), Message, Operator: 'mtn', Sequence: ++seq, ClientState: '', Platform: 'USSD' }),
    });
    return {
      dial(c) {
        code = c;
        seq = 0;
        return hop('Initiation', c);
      },
      answer: (input) => hop('Response', input),
      cancel: () => hop('Release', ''),
      timeout: () => hop('Timeout', ''),
      echoes: () => ({}),
    };
  },
  read(res) {
    const r = ReplySchema.parse(JSON.parse(res.body));
    expect(r.Label).toBe(r.Message.split('\n')[0]);
    return { text: r.Message, end: r.Type === 'Release', echoes: {} };
  },
  expectSignalAnswer(res) {
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ Type: 'Release', Message: expect.any(String), ClientState: '', Label: expect.any(String), DataType: 'display', FieldType: 'text' });
  },
  malformed: [
    { method: 'POST', path, contentType: json, body: '{"Type":"Initiation"' },
    { method: 'POST', path, contentType: json, body: '[]' },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ Type: 'Purchase', Mobile: '233244000111', SessionId: 'x', Message: '' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ Type: 'Response', Mobile: '233244000111', Message: '1', Sequence: 2 }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ Type: 'Response', Mobile: 233, SessionId: 'x', Message: '1', Sequence: 'two' }) },
  ],
  samples() {
    const s = this.session({ sessionId: '8d440a43a98b4614b9df22b79c8190b8', msisdn: '233244000111' });
    return [s.dial('*713*20#'), s.answer('2'), s.answer('5'), s.cancel?.() as WireRequest, s.timeout?.() as WireRequest];
  },
};
