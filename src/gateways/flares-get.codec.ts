import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decode } from './decode.js';
import { dialFromDigits, EchoSchema, InputSchema, MsisdnSchema, SessionIdSchema } from './fields.js';
import { normaliseMsisdn, parseForm } from './form.js';
import { textReply } from './replies.js';

/**
 * Comviva Flares over HTTP GET (Airtel operating companies): query `SessionID, MSISDN, MSC, input`.
 * The first hop is not marked: it is the first sighting of a `SessionID`, and `input` then holds
 * the code's digits (`121` for `*121#`); later hops carry the latest input. The session verb
 * travels in response headers (`Freeflow: FC` continue, `FB` break, plus `charge`, `amount`) over a
 * plain-text body. A clean-up (`clean=…&error=…&msisdn=…`) ends the session; it gets an empty 200.
 */
export const FlaresGetRequestSchema = z
  .object({
    SessionID: SessionIdSchema,
    MSISDN: MsisdnSchema.optional(),
    msisdn: MsisdnSchema.optional(),
    MSC: EchoSchema.optional(),
    input: InputSchema.optional(),
    clean: EchoSchema.optional(),
    error: EchoSchema.optional(),
  })
  .refine((q) => q.MSISDN !== undefined || q.msisdn !== undefined, { message: 'required', path: ['MSISDN'] })
  .refine((q) => q.clean !== undefined || q.input !== undefined, { message: 'required (or clean, to end the session)', path: ['input'] });
export type FlaresGetRequest = z.infer<typeof FlaresGetRequestSchema>;

export const flaresGet: GatewayCodec<FlaresGetRequest> = {
  name: 'flares-get',
  path: '/ussd/flares-get',
  envName: 'FLARES_GET',
  method: 'GET',
  maxChars: 160,
  parse(raw) {
    const r = decode(FlaresGetRequestSchema, parseForm(raw.query));
    if (!r.ok) return r;
    const req = r.value;
    const msisdn = normaliseMsisdn(req.MSISDN ?? req.msisdn ?? '');
    const input = req.input ?? '';
    const base = { gateway: 'flares-get', sessionId: req.SessionID, msisdn, serviceCode: '' };
    if (req.clean !== undefined) return { ok: true, request: req, turn: { ...base, kind: 'end', input: '' } };
    const dial = /^[0-9*#]+$/.test(input) ? { dialIfNew: dialFromDigits(input) } : {};
    return { ok: true, request: req, turn: { ...base, kind: 'continue', input, ...dial } };
  },
  render(reply, req) {
    if (req.clean !== undefined) return textReply('');
    return textReply(reply.text.trimStart(), { Freeflow: reply.end ? 'FB' : 'FC', charge: 'N', amount: '0' });
  },
};
