import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decode, parseJson } from './decode.js';
import { EchoSchema, FlagSchema, InputSchema, MsisdnSchema, numbersSent, optional, orDefault, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { jsonReply } from './replies.js';

/**
 * Nalo Solutions: JSON. In a request `MSGTYPE` true means a new dial (`USERDATA` is then the dial
 * string) and false a continuing hop (`USERDATA` the latest input); in the reply it flips: true
 * continues, false ends. The reply echoes `USERID` and `MSISDN`. Older integrations send no
 * `SESSIONID`: a handset has one USSD dialogue at a time, so the number keys the session then.
 * `USERDATA` "User timeout" on a continuing hop is Nalo's timeout notice (seen in one integration).
 */
export const NaloRequestSchema = z.object({
  USERID: EchoSchema,
  MSISDN: MsisdnSchema,
  USERDATA: orDefault(InputSchema, ''),
  MSGTYPE: FlagSchema,
  NETWORK: optional(EchoSchema),
  SESSIONID: optional(SessionIdSchema),
});
const ECHOED = ['USERID', 'MSISDN'] as const;
/** The request, and which echoed fields came as numbers (echoed as such). */
export type NaloRequest = z.infer<typeof NaloRequestSchema> & { sent?: Partial<Record<(typeof ECHOED)[number], number>> };

/** Sessions keyed by the caller's number (no `SESSIONID`) are `msisdn-<number>`. */
const NUMBER_KEYED = 'msisdn-';
const ESCAPED = 'sid-';

/**
 * A `SESSIONID` as a session id that can never be a number-keyed one: ids that start like one (or
 * like an escaped one) get `sid-` in front, every other id stays as sent. Otherwise a caller naming
 * `msisdn-<number>` would land on that number's session.
 */
function ownSessionId(id: string): string {
  return id.startsWith(NUMBER_KEYED) || id.startsWith(ESCAPED) ? `${ESCAPED}${id}` : id;
}

export const nalo: GatewayCodec<NaloRequest> = {
  name: 'nalo',
  path: '/ussd/nalo',
  envName: 'NALO',
  method: 'POST',
  maxChars: 120,
  parse(raw) {
    const json = parseJson(raw.body);
    const r = json.ok ? decode(NaloRequestSchema, json.value) : json;
    if (!r.ok) return r;
    const req: NaloRequest = r.value;
    const sent = numbersSent(json.ok ? json.value : undefined, ECHOED);
    if (sent) req.sent = sent;
    const msisdn = normaliseMsisdn(req.MSISDN);
    const timedOut = !req.MSGTYPE && req.USERDATA.trim().toLowerCase() === 'user timeout';
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'nalo',
        sessionId: req.SESSIONID === undefined ? `${NUMBER_KEYED}${msisdn}` : ownSessionId(req.SESSIONID),
        ...(req.SESSIONID === undefined ? { keyedByNumber: true as const } : {}),
        msisdn,
        serviceCode: req.MSGTYPE ? req.USERDATA : '',
        kind: req.MSGTYPE ? 'start' : timedOut ? 'timeout' : 'continue',
        input: req.MSGTYPE || timedOut ? '' : req.USERDATA,
        ...(req.NETWORK ? { network: req.NETWORK } : {}),
      },
    };
  },
  render(reply, req) {
    const body = { USERID: req.sent?.USERID ?? req.USERID, MSISDN: req.sent?.MSISDN ?? req.MSISDN, MSG: reply.text, MSGTYPE: !reply.end };
    return jsonReply(body);
  },
};
