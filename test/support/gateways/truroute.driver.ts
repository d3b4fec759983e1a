import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { GatewayDriver } from './driver';
import { xmlEscape, type WireRequest } from './wire';

const path = '/ussd/truroute';
const xml = 'text/xml';
const parser = new XMLParser({ parseTagValue: false, trimValues: false });
const ReplySchema = z.object({
  ussd: z.object({ type: z.enum(['2', '3']), msg: z.string(), premium: z.object({ cost: z.literal('0'), ref: z.literal('NULL') }).strict() }).strict(),
});

/** Reads an XML reply after checking it is well-formed; an empty element reads as ''. */
export function readXml<T>(body: string, schema: z.ZodType<T>): T {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg}`);
  return schema.parse(parser.parse(body));
}

/** TruRoute: XML `<ussd>` with `<type>` 1 new, 2 answer, 3 release, 4 timeout; replies type 2 or 3. */
export const truRouteDriver: GatewayDriver = {
  name: 'truroute',
  path,
  contentType: /^text\/xml/,
  dialString: 'full',
  retry: 'window',
  maxChars: 160,
  xml: true,
  session({ sessionId, msisdn }) {
    const hop = (type: number, msg: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: xml,
      body: `<ussd><msisdn>${msisdn}</msisdn><sessionid>${sessionId}</sessionid><type>${type}</type><msg>${xmlEscape(msg)}</msg></ussd>`,
    });
    return { dial: (code) => hop(1, code), answer: (input) => hop(2, input), cancel: () => hop(3, ''), timeout: () => hop(4, ''), echoes: () => ({}) };
  },
  read(res) {
    const r = readXml(res.body, ReplySchema).ussd;
    return { text: r.msg, end: r.type === '3', echoes: {} };
  },
  expectSignalAnswer(res) {
    expect(res.status).toBe(200);
    expect(readXml(res.body, ReplySchema).ussd.type).toBe('3');
  },
  malformed: [
    { method: 'POST', path, contentType: xml, body: '<ussd><msisdn>265888000111</msisdn><sessionid>770011</sessionid><type>1</type><msg>*1234#</msg>' },
    { method: 'POST', path, contentType: xml, body: '<ussd><msisdn>265888000111</msisdn><sessionid>770011</sessionid><type>7</type><msg>1</msg></ussd>' },
    { method: 'POST', path, contentType: xml, body: '<ussd><msisdn>265888000111</msisdn><type>2</type><msg>1</msg></ussd>' },
    { method: 'POST', path, contentType: xml, body: '{"ussd":{}}' },
    { method: 'POST', path, contentType: xml, body: '<ussd><__proto__>1</__proto__></ussd>' },
  ],
  samples() {
    const s = this.session({ sessionId: '770011', msisdn: '265888000111' });
    return [s.dial('*1234#'), s.answer('1'), s.cancel?.() as WireRequest, s.timeout?.() as WireRequest];
  },
};
