import { z } from 'zod';
import type { GatewayCodec, RawRequest } from './codec.js';
import { decode } from './decode.js';
import { anyCase, dialFromDigits, EchoSchema, InputSchema, MsisdnSchema, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { xmlReply } from './replies.js';
import type { UssdTurn } from './turn.js';
import { parseXml, xmlBodyOf, xmlText } from './xml.js';

/**
 * Comviva Flares XML pull (MTN operating companies): `<request type="pull">` with `newRequest` 1 (or
 * `true`) on the dial (when `subscriberInput` holds the code's digits, `165` for `*165#`) and 0 (or
 * `false`) after (the latest input); `<request type="cleanUp">` ends the session (`statusCode` says
 * why). The reply is `<response>` with the text and `freeflowState` FC (wait for input) or FB (close).
 */
export const FlaresPullSchema = z.object({
  request: z
    .object({
      '@_type': anyCase(['pull', 'cleanup']),
      sessionId: SessionIdSchema,
      msisdn: MsisdnSchema,
      newRequest: anyCase(['0', '1', 'true', 'false']).optional(),
      subscriberInput: InputSchema.default(''),
      statusCode: EchoSchema.optional(),
    })
    .refine((r) => r['@_type'] === 'cleanup' || r.newRequest !== undefined, { message: 'required on a pull request', path: ['newRequest'] }),
});

/**
 * Airtel Malawi's dialect (tnmdevs/ussd): `<ussd>` with `msisdn`, `sessionId` and `subscriberInput`
 * only. Nothing marks the dial: it is the first sighting of a session id, its input the code digits.
 */
export const FlaresAirtelMalawiSchema = z.object({
  ussd: z.object({ sessionId: SessionIdSchema, msisdn: MsisdnSchema, subscriberInput: InputSchema.default('') }),
});

/** What rendering needs: the number to echo, and the XML media type the request came as. */
export interface FlaresRequest {
  msisdn: string;
  xmlType: 'application/xml' | 'text/xml';
}

export const flares: GatewayCodec<FlaresRequest> = {
  name: 'flares',
  path: '/ussd/flares',
  envName: 'FLARES',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const xml = parseXml(xmlBodyOf(raw));
    if (!xml.ok) return xml;
    const malawi = 'ussd' in xml.value;
    const r = malawi ? decode(FlaresAirtelMalawiSchema, xml.value) : decode(FlaresPullSchema, xml.value);
    if (!r.ok) return r;
    const turn = 'ussd' in r.value ? airtelMalawiTurn(r.value.ussd) : pullTurn(r.value.request);
    const msisdn = 'ussd' in r.value ? r.value.ussd.msisdn : r.value.request.msisdn;
    return { ok: true, request: { msisdn, xmlType: xmlTypeOf(raw) }, turn };
  },
  render(reply, req) {
    return xmlReply(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        `<response><msisdn>${xmlText(req.msisdn)}</msisdn><applicationResponse>${xmlText(reply.text)}</applicationResponse>` +
        `<freeflow><freeflowState>${reply.end ? 'FB' : 'FC'}</freeflowState><freeflowCharging>N</freeflowCharging><freeflowChargingAmount>0</freeflowChargingAmount></freeflow></response>`,
      req.xmlType,
    );
  },
};

function pullTurn(req: z.infer<typeof FlaresPullSchema>['request']): UssdTurn {
  const kind = req['@_type'] === 'cleanup' ? 'end' : req.newRequest === '1' || req.newRequest === 'true' ? 'start' : 'continue';
  return {
    gateway: 'flares',
    sessionId: req.sessionId,
    msisdn: normaliseMsisdn(req.msisdn),
    serviceCode: kind === 'start' && /^[0-9*#]+$/.test(req.subscriberInput) ? dialFromDigits(req.subscriberInput) : '',
    kind,
    input: kind === 'continue' ? req.subscriberInput : '',
  };
}

function airtelMalawiTurn(req: z.infer<typeof FlaresAirtelMalawiSchema>['ussd']): UssdTurn {
  const dial = /^[0-9*#]+$/.test(req.subscriberInput) ? { dialIfNew: dialFromDigits(req.subscriberInput) } : {};
  return { gateway: 'flares', sessionId: req.sessionId, msisdn: normaliseMsisdn(req.msisdn), serviceCode: '', kind: 'continue', input: req.subscriberInput, ...dial };
}

/** Answered in kind: `application/xml` when the request came as that, else `text/xml` (the dialect's usual). */
function xmlTypeOf(raw: RawRequest): FlaresRequest['xmlType'] {
  return /^application\/xml/i.test(String(raw.headers['content-type'] ?? '')) ? 'application/xml' : 'text/xml';
}
