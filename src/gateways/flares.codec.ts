import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { anyCase, dialFromDigits, EchoSchema, InputSchema, MsisdnSchema, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { xmlReply } from './replies.js';
import { decodeXml, xmlText } from './xml.js';

/**
 * Comviva Flares XML pull (MTN operating companies): `<request type="pull">` with `newRequest` 1 on
 * the dial (when `subscriberInput` holds the code's digits, `165` for `*165#`) and 0 after (the
 * latest input); `<request type="cleanUp">` ends the session (`statusCode` says why). The reply is
 * `<response>` with the text and `freeflowState` FC (wait for input) or FB (close).
 */
export const FlaresRequestSchema = z.object({
  request: z
    .object({
      '@_type': anyCase(['pull', 'cleanup']),
      sessionId: SessionIdSchema,
      msisdn: MsisdnSchema,
      newRequest: z.enum(['0', '1'], { error: 'expected 1 (a new dial) or 0' }).optional(),
      subscriberInput: InputSchema.default(''),
      statusCode: EchoSchema.optional(),
    })
    .refine((r) => r['@_type'] === 'cleanup' || r.newRequest !== undefined, { message: 'required on a pull request', path: ['newRequest'] }),
});
export type FlaresRequest = z.infer<typeof FlaresRequestSchema>['request'];

export const flares: GatewayCodec<FlaresRequest> = {
  name: 'flares',
  path: '/ussd/flares',
  envName: 'FLARES',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const r = decodeXml(FlaresRequestSchema, raw.body);
    if (!r.ok) return r;
    const req = r.value.request;
    const kind = req['@_type'] === 'cleanup' ? 'end' : req.newRequest === '1' ? 'start' : 'continue';
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'flares',
        sessionId: req.sessionId,
        msisdn: normaliseMsisdn(req.msisdn),
        serviceCode: kind === 'start' && /^[0-9*#]+$/.test(req.subscriberInput) ? dialFromDigits(req.subscriberInput) : '',
        kind,
        input: kind === 'continue' ? req.subscriberInput : '',
      },
    };
  },
  render(reply, req) {
    return xmlReply(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        `<response><msisdn>${xmlText(req.msisdn)}</msisdn><applicationResponse>${xmlText(reply.text)}</applicationResponse>` +
        `<freeflow><freeflowState>${reply.end ? 'FB' : 'FC'}</freeflowState><freeflowCharging>N</freeflowCharging><freeflowChargingAmount>0</freeflowChargingAmount></freeflow></response>`,
    );
  },
};
