import { z } from 'zod';
import type { GatewayDriver } from './driver';
import type { WireRequest } from './wire';

const path = '/ussd/beem';
const json = 'application/json';
const ReplySchema = z
  .object({
    msisdn: z.union([z.string(), z.number()]),
    operator: z.union([z.string(), z.number()]),
    session_id: z.union([z.string(), z.number()]),
    command: z.enum(['continue', 'terminate']),
    payload: z.object({ request_id: z.number().int(), request: z.string() }).strict(),
  })
  .strict();

/**
 * Beem: JSON `command` initiate/continue/terminate, the latest input in `payload.response`. It
 * sends no dial string, so the app routes its dials to GATEWAY_BEEM_SERVICE_CODE (*384# in the
 * tests); a dial of another code carries the `serviceCode` field some integrations show.
 */
export const beemDriver: GatewayDriver = {
  name: 'beem',
  path,
  contentType: /^application\/json/,
  dialString: 'none',
  retry: 'window',
  maxChars: 160,
  xml: false,
  session({ sessionId, msisdn }) {
    let requestId = 0;
    const hop = (command: string, response: string | number, extra: Record<string, string> = {}): WireRequest => ({
      method: 'POST',
      path,
      contentType: json,
      body: JSON.stringify({ command, msisdn, session_id: sessionId, operator: 'vodacom', ...extra, payload: { request_id: requestId, response } }),
    });
    return {
      dial(code) {
        requestId = 0;
        return hop('initiate', 0, code === '*384#' ? {} : { serviceCode: code });
      },
      answer(input) {
        requestId++;
        return hop('continue', input);
      },
      cancel: () => hop('terminate', ''),
      echoes: () => ({ msisdn, operator: 'vodacom', session_id: sessionId }),
    };
  },
  read(res) {
    const r = ReplySchema.parse(JSON.parse(res.body));
    return { text: r.payload.request, end: r.command === 'terminate', echoes: { msisdn: r.msisdn, operator: r.operator, session_id: r.session_id } };
  },
  expectSignalAnswer(res) {
    expect(res.status).toBe(200);
    expect(ReplySchema.parse(JSON.parse(res.body)).command).toBe('terminate');
  },
  malformed: [
    { method: 'POST', path, contentType: json, body: 'null' },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ command: 'begin', msisdn: '255712345678', session_id: '4574', payload: { request_id: 0, response: 0 } }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ command: 'continue', msisdn: '255712345678', payload: { request_id: 1, response: '1' } }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ command: 'continue', msisdn: '255712345678', session_id: '4574', payload: { request_id: -1, response: '1' } }) },
  ],
  samples() {
    const s = this.session({ sessionId: '4574', msisdn: '255712345678' });
    return [s.dial('*384#'), s.answer('1'), s.cancel?.() as WireRequest];
  },
};
