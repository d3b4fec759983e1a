import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decode, parseJson } from './decode.js';
import { EchoSchema, FlagSchema, InputSchema, MsisdnSchema, numbersSent, optional, orDefault, SessionIdSchema } from './fields.js';
import { normaliseMsisdn, parseForm } from './form.js';
import { jsonReply } from './replies.js';

/**
 * Arkesel: JSON (its Express sample also takes a form); `newSession` is true on the dial, when
 * `userData` is the dial string; afterwards `userData` is the latest input only. The reply echoes
 * `sessionID`, `userID` and `msisdn`. No end or timeout signal: the session's TTL ends it.
 */
export const ArkeselRequestSchema = z.object({
  sessionID: SessionIdSchema,
  userID: orDefault(EchoSchema, ''),
  newSession: FlagSchema,
  msisdn: MsisdnSchema,
  userData: orDefault(InputSchema, ''),
  network: optional(EchoSchema),
});
const ECHOED = ['sessionID', 'userID', 'msisdn'] as const;
/** The request, and which echoed fields came as numbers (echoed as such). */
export type ArkeselRequest = z.infer<typeof ArkeselRequestSchema> & { sent?: Partial<Record<(typeof ECHOED)[number], number>> };

export const arkesel: GatewayCodec<ArkeselRequest> = {
  name: 'arkesel',
  path: '/ussd/arkesel',
  envName: 'ARKESEL',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const isForm = /^application\/x-www-form-urlencoded/i.test(String(raw.headers['content-type'] ?? ''));
    const body = isForm ? { ok: true as const, value: parseForm(raw.body) } : parseJson(raw.body);
    const r = body.ok ? decode(ArkeselRequestSchema, body.value) : body;
    if (!r.ok) return r;
    const req: ArkeselRequest = r.value;
    const sent = body.ok ? numbersSent(body.value, ECHOED) : undefined;
    if (sent) req.sent = sent;
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'arkesel',
        sessionId: req.sessionID,
        msisdn: normaliseMsisdn(req.msisdn),
        serviceCode: req.newSession ? req.userData : '',
        kind: req.newSession ? 'start' : 'continue',
        input: req.newSession ? '' : req.userData,
        ...(req.network ? { network: req.network } : {}),
      },
    };
  },
  render(reply, req) {
    const { sent } = req;
    const body = { sessionID: sent?.sessionID ?? req.sessionID, userID: sent?.userID ?? req.userID, msisdn: sent?.msisdn ?? req.msisdn, message: reply.text, continueSession: !reply.end };
    return jsonReply(body);
  },
};
