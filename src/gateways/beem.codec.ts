import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decode, parseJson } from './decode.js';
import { anyCase, EchoSchema, InputSchema, MsisdnSchema, numbersSent, optional, orDefault, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { jsonReply } from './replies.js';
import type { UssdTurn } from './turn.js';

/**
 * Beem Africa USSD Hub: JSON; `command` initiate / continue / terminate (the session closed);
 * the latest input is `payload.response` (`0` on initiate). Beem sends no dial string: the callback
 * URL is per service, so `GATEWAY_BEEM_SERVICE_CODE` names the menu (or a `serviceCode` field, which
 * some integrations show). The reply echoes `msisdn`, `operator` and `session_id`; its
 * `payload.request_id` counts the screens (Beem appears to send it back with the next hop).
 */
export const BeemRequestSchema = z.object({
  command: anyCase(['initiate', 'continue', 'terminate']),
  msisdn: MsisdnSchema,
  session_id: SessionIdSchema,
  operator: orDefault(EchoSchema, ''),
  serviceCode: optional(EchoSchema),
  payload: orDefault(
    z.object({
      request_id: orDefault(z.union([z.number().int().min(0).max(1e9), z.string().regex(/^\d{1,9}$/, 'expected a whole number').transform(Number)]), 0),
      response: orDefault(InputSchema, ''),
    }),
    { request_id: 0, response: '' },
  ),
});
const ECHOED = ['msisdn', 'operator', 'session_id'] as const;
/** The request, and which echoed fields came as numbers (echoed as such). */
export type BeemRequest = z.infer<typeof BeemRequestSchema> & { sent?: Partial<Record<(typeof ECHOED)[number], number>> };

const KINDS: Record<z.infer<typeof BeemRequestSchema>['command'], UssdTurn['kind']> = { initiate: 'start', continue: 'continue', terminate: 'end' };

export const beem: GatewayCodec<BeemRequest> = {
  name: 'beem',
  path: '/ussd/beem',
  envName: 'BEEM',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const json = parseJson(raw.body);
    const r = json.ok ? decode(BeemRequestSchema, json.value) : json;
    if (!r.ok) return r;
    const req: BeemRequest = r.value;
    const sent = numbersSent(json.ok ? json.value : undefined, ECHOED);
    if (sent) req.sent = sent;
    const kind = KINDS[req.command];
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'beem',
        sessionId: req.session_id,
        msisdn: normaliseMsisdn(req.msisdn),
        serviceCode: req.serviceCode ?? '',
        kind,
        input: kind === 'continue' ? req.payload.response : '',
      },
    };
  },
  render(reply, req) {
    const body = {
      msisdn: req.sent?.msisdn ?? req.msisdn,
      operator: req.sent?.operator ?? req.operator,
      session_id: req.sent?.session_id ?? req.session_id,
      command: reply.end ? 'terminate' : 'continue',
      payload: { request_id: req.payload.request_id + 1, request: reply.text },
    };
    return jsonReply(body);
  },
};
