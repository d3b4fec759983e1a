import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decodeJson } from './decode.js';
import { anyCase, EchoSchema, InputSchema, isDialString, MsisdnSchema, optional, orDefault, SessionIdSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { jsonReply } from './replies.js';
import type { UssdTurn } from './turn.js';

/**
 * Hubtel (legacy USSD API and Programmable Services), and Emergent Technology's Hubtel-like shape:
 * JSON; `Type` (any case) Initiation / Response / Release (the user ended) / Timeout; `Message` is
 * the full dial string on Initiation, then the latest input only; `Sequence` numbers the hops
 * (Emergent sends none). Programmable Services also sends `Query` and `Favorite` (its app starting
 * the service at a search or a saved favourite: the official SDK routes both as a new session) and
 * defines `AddToCart`, tolerated as an answer with nothing typed (the screen again).
 */
export const HubtelRequestSchema = z.object({
  Type: anyCase(['initiation', 'response', 'release', 'timeout', 'query', 'favorite', 'addtocart']),
  Mobile: MsisdnSchema,
  SessionId: SessionIdSchema,
  ServiceCode: orDefault(EchoSchema, ''),
  Message: orDefault(InputSchema, ''),
  Operator: optional(EchoSchema),
  Sequence: optional(z.union([z.number().int().min(0).max(1_000_000), z.string().regex(/^\d{1,7}$/, 'expected a whole number').transform(Number)])),
  ClientState: optional(z.string().max(1024)),
});
export type HubtelRequest = z.infer<typeof HubtelRequestSchema>;

const KINDS: Record<HubtelRequest['Type'], UssdTurn['kind']> = {
  initiation: 'start',
  query: 'start',
  favorite: 'start',
  response: 'continue',
  addtocart: 'continue',
  release: 'end',
  timeout: 'timeout',
};

export const hubtel: GatewayCodec<HubtelRequest> = {
  name: 'hubtel',
  path: '/ussd/hubtel',
  envName: 'HUBTEL',
  method: 'POST',
  maxChars: 160,
  parse(raw) {
    const r = decodeJson(HubtelRequestSchema, raw.body);
    if (!r.ok) return r;
    const req = r.value;
    const kind = KINDS[req.Type];
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'hubtel',
        reportsDrops: true,
        sessionId: req.SessionId,
        msisdn: normaliseMsisdn(req.Mobile),
        // On Initiation, Message is what was dialled, extra digits included (`*713*20*5#`). ServiceCode
        // may be a Programmable Services GUID, which routes nowhere (GATEWAY_HUBTEL_SERVICE_CODE then does).
        serviceCode: kind === 'start' && isDialString(req.Message) ? req.Message : /^[0-9*#]+$/.test(req.ServiceCode) ? req.ServiceCode : '',
        kind,
        input: req.Type === 'response' ? req.Message : '',
        ...(req.Sequence === undefined ? {} : { seq: req.Sequence }),
      },
    };
  },
  render(reply) {
    // ClientState stays empty: the session lives in Redis. MaskNextRoute asks the gateway to keep the
    // next input out of its logs (PINs); Emergent's integrations set it on every screen that waits
    // for input, and Hubtel ignores what it does not use. Label, DataType and FieldType are what the
    // Programmable Services SDK sends on every reply (its app and web channels render them): the
    // screen's first line, `input` or `display`, and `text` (a screen may take any text).
    const ps = { Label: reply.text.split('\n', 1)[0] ?? '', DataType: reply.end ? 'display' : 'input', FieldType: 'text' };
    const body = reply.end
      ? { Type: 'Release', Message: reply.text, ClientState: '', ...ps }
      : { Type: 'Response', Message: reply.text, ClientState: '', MaskNextRoute: true, ...ps };
    return jsonReply(body);
  },
};
