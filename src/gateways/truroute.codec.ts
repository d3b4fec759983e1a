import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { InputSchema, isDialString, MsisdnSchema, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { xmlReply } from './replies.js';
import type { UssdTurn } from './turn.js';
import { decodeXml, xmlBodyOf, xmlText } from './xml.js';

/**
 * TruRoute (TNM Malawi, SMS.COM.NA, Telecel Ghana): XML `<ussd>` with `<type>` 1 new session (the
 * dial string in `<msg>`), 2 an answer (the latest input in `<msg>`), 3 the user released it,
 * 4 the user timed out, 10 the premium charge failed. The reply is `<ussd>` with `<type>` 2
 * (wait for input) or 3 (release), and a zero premium block.
 */
export const TruRouteRequestSchema = z.object({
  ussd: z.object({
    msisdn: MsisdnSchema,
    sessionid: SessionIdSchema,
    type: z.enum(['1', '2', '3', '4', '10'], { error: 'expected 1 (request), 2 (response), 3 (release), 4 (timeout) or 10 (charge)' }),
    msg: InputSchema.default(''),
  }),
});
export type TruRouteRequest = z.infer<typeof TruRouteRequestSchema>['ussd'];

const KINDS: Record<TruRouteRequest['type'], UssdTurn['kind']> = { '1': 'start', '2': 'continue', '3': 'end', '4': 'timeout', '10': 'end' };

export const truRoute: GatewayCodec<TruRouteRequest> = {
  name: 'truroute',
  path: '/ussd/truroute',
  envName: 'TRUROUTE',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const r = decodeXml(TruRouteRequestSchema, xmlBodyOf(raw));
    if (!r.ok) return r;
    const req = r.value.ussd;
    const kind = KINDS[req.type];
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'truroute',
        reportsDrops: true,
        sessionId: req.sessionid,
        msisdn: normaliseMsisdn(req.msisdn),
        // Some deployments send a greeting (`Welcome`) instead of the dial string: GATEWAY_TRUROUTE_SERVICE_CODE routes those.
        serviceCode: kind === 'start' && isDialString(req.msg) ? req.msg : '',
        kind,
        input: kind === 'continue' ? req.msg : '',
      },
    };
  },
  render(reply) {
    return xmlReply(`<ussd><type>${reply.end ? 3 : 2}</type><msg>${xmlText(reply.text)}</msg><premium><cost>0</cost><ref>NULL</ref></premium></ussd>`);
  },
};
