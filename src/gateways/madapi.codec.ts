import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decode, parseJson } from './decode.js';
import { EchoSchema, InputSchema, isDialString, MsisdnSchema, numbersSent, orDefault, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { jsonReply } from './replies.js';
import type { UssdTurn } from './turn.js';

/**
 * MTN MADAPI "Messaging USSD API", the third-party callback: JSON with `messageType` 0 begin
 * (`ussdString` the dial string), 1 continue (the latest input), 2 end, 3 notification, 4 cancel
 * (`ussdString` the reason), 5 timeout. The reply is MADAPI's `InboundResponse`: status `0000` and
 * `data` with the text, `userInputRequired` and `messageType` 1 (continue) or 2 (end), echoing
 * `msisdn` and `serviceCode`, and the `_link.self.href` the OpenAPI document marks required.
 */
export const MadapiRequestSchema = z.object({
  sessionId: SessionIdSchema,
  messageType: z.union([z.string(), z.number().transform(String)]).pipe(z.enum(['0', '1', '2', '3', '4', '5'], { error: 'expected 0 (begin) to 5 (timeout)' })),
  msisdn: MsisdnSchema,
  serviceCode: orDefault(EchoSchema, ''),
  ussdString: orDefault(InputSchema, ''),
});
const ECHOED = ['msisdn', 'serviceCode'] as const;
/** The request, and which echoed fields came as numbers (echoed as such). */
export type MadapiRequest = z.infer<typeof MadapiRequestSchema> & { sent?: Partial<Record<(typeof ECHOED)[number], number>> };

const KINDS: Record<MadapiRequest['messageType'], UssdTurn['kind']> = { '0': 'start', '1': 'continue', '2': 'end', '3': 'end', '4': 'end', '5': 'timeout' };

const PATH = '/ussd/madapi';

export const madapi: GatewayCodec<MadapiRequest> = {
  name: 'madapi',
  path: PATH,
  envName: 'MADAPI',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const json = parseJson(raw.body);
    const r = json.ok ? decode(MadapiRequestSchema, json.value) : json;
    if (!r.ok) return r;
    const req: MadapiRequest = r.value;
    const sent = numbersSent(json.ok ? json.value : undefined, ECHOED);
    if (sent) req.sent = sent;
    const kind = KINDS[req.messageType];
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'madapi',
        reportsDrops: true,
        sessionId: req.sessionId,
        msisdn: normaliseMsisdn(req.msisdn),
        serviceCode: kind === 'start' && isDialString(req.ussdString) ? req.ussdString : req.serviceCode,
        kind,
        input: kind === 'continue' ? req.ussdString : '',
      },
    };
  },
  render(reply, req) {
    const body = {
      statusCode: '0000',
      statusMessage: 'Success',
      transactionId: randomUUID(),
      data: { inboundResponse: reply.text, userInputRequired: !reply.end, messageType: reply.end ? 2 : 1, serviceCode: req.sent?.serviceCode ?? req.serviceCode, msisdn: req.sent?.msisdn ?? req.msisdn },
      // Required by MADAPI's OpenAPI document (InboundResponse → Links): the resource that answered.
      _link: { self: { href: PATH } },
    };
    return jsonReply(body);
  },
};
