import { z } from 'zod';
import type { GatewayCodec } from './codec.js';
import { decodeFormOrJson } from './decode.js';
import { optional, orDefault, SessionIdSchema, StringishSchema } from './fields.js';
import { normaliseMsisdn } from './form.js';
import { textReply } from './replies.js';

/**
 * Africa's Talking: form POST (or the same fields as JSON, which its official SDK's handler also
 * reads, where a number, a network code or a lone answer, may come unquoted); `text` is every
 * input so far joined by `*`, empty on the dial.
 */
export const AfricasTalkingRequestSchema = z.object({
  sessionId: SessionIdSchema,
  serviceCode: z.string().min(1).max(64),
  phoneNumber: StringishSchema.pipe(z.string().regex(/^\+?\d{6,15}$/, 'expected a phone number such as +254711000111')),
  networkCode: optional(StringishSchema.pipe(z.string().max(16))),
  // Every input of the session: six full USSD messages pass 1,024. MAX_BODY_BYTES bounds the request first.
  text: orDefault(StringishSchema.pipe(z.string().max(1_048_576)), ''),
});
export type AfricasTalkingRequest = z.infer<typeof AfricasTalkingRequestSchema>;

export const africasTalking: GatewayCodec<AfricasTalkingRequest> = {
  name: 'africastalking',
  path: '/ussd/africastalking',
  envName: 'AFRICASTALKING',
  method: 'POST',
  maxChars: 182,
  parse(raw) {
    const r = decodeFormOrJson(AfricasTalkingRequestSchema, raw);
    if (!r.ok) return r;
    const req = r.value;
    return {
      ok: true,
      request: req,
      turn: {
        gateway: 'at',
        reportsDrops: true,
        sessionId: req.sessionId,
        msisdn: normaliseMsisdn(req.phoneNumber),
        serviceCode: req.serviceCode,
        kind: req.text === '' ? 'start' : 'continue',
        input: req.text,
        chain: req.text,
        ...(req.networkCode ? { network: req.networkCode } : {}),
      },
    };
  },
  render(reply) {
    return textReply(`${reply.end ? 'END' : 'CON'} ${reply.text}`);
  },
};

/** Africa's Talking's end-of-session notification (its separate "events" URL). */
export const AfricasTalkingEventSchema = z.object({
  sessionId: SessionIdSchema,
  serviceCode: orDefault(z.string().max(64), ''),
  phoneNumber: orDefault(z.string().max(32), ''),
  status: z.string().min(1).max(32),
});
export type AfricasTalkingEvent = z.infer<typeof AfricasTalkingEventSchema>;

export const africasTalkingEvents: GatewayCodec<AfricasTalkingEvent> = {
  name: 'africastalking-events',
  path: '/ussd/africastalking/events',
  envName: 'AFRICASTALKING',
  method: 'POST',
  notificationsOnly: true,
  maxChars: 182,
  parse(raw) {
    const r = decodeFormOrJson(AfricasTalkingEventSchema, raw);
    if (!r.ok) return r;
    const ev = r.value;
    return {
      ok: true,
      request: ev,
      turn: {
        gateway: 'at',
        sessionId: ev.sessionId,
        msisdn: normaliseMsisdn(ev.phoneNumber),
        serviceCode: ev.serviceCode,
        // Incomplete: the user left or the network timed out while a CON screen waited.
        kind: ev.status.toLowerCase() === 'incomplete' ? 'timeout' : 'end',
        input: '',
      },
    };
  },
  render() {
    return textReply('OK');
  },
};
