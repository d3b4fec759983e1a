import { z } from 'zod';
import type { GatewayDriver } from './driver';
import type { WireRequest } from './wire';

const path = '/ussd/nalo';
const json = 'application/json';
const ReplySchema = z.object({ USERID: z.union([z.string(), z.number()]), MSISDN: z.union([z.string(), z.number()]), MSG: z.string(), MSGTYPE: z.boolean() }).strict();

/** Nalo: JSON, `MSGTYPE` true on the dial (and true = continue in the reply), `USERDATA` "User timeout" as its timeout. */
export const naloDriver: GatewayDriver = {
  name: 'nalo',
  path,
  contentType: /^application\/json/,
  dialString: 'full',
  retry: 'window',
  maxChars: 120,
  xml: false,
  session({ sessionId, msisdn }) {
    const hop = (MSGTYPE: boolean, USERDATA: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: json,
      body: JSON.stringify({ USERID: 'NALOTest', MSISDN: msisdn, USERDATA, MSGTYPE, NETWORK: 'MTN', SESSIONID: sessionId }),
    });
    return {
      dial: (code) => hop(true, code),
      answer: (input) => hop(false, input),
      timeout: () => hop(false, 'User timeout'),
      echoes: () => ({ USERID: 'NALOTest', MSISDN: msisdn }),
    };
  },
  read(res) {
    const r = ReplySchema.parse(JSON.parse(res.body));
    return { text: r.MSG, end: !r.MSGTYPE, echoes: { USERID: r.USERID, MSISDN: r.MSISDN } };
  },
  expectSignalAnswer(res) {
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ USERID: 'NALOTest', MSISDN: expect.any(String), MSG: expect.any(String), MSGTYPE: false });
  },
  malformed: [
    { method: 'POST', path, contentType: json, body: '' },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ USERID: 'NALOTest', MSISDN: '233244000111', USERDATA: '1', NETWORK: 'MTN', SESSIONID: '1' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ USERID: 'NALOTest', MSISDN: '+23324400011122334455', USERDATA: '1', MSGTYPE: false, SESSIONID: '1' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ MSISDN: '233244000111', USERDATA: '1', MSGTYPE: false, SESSIONID: '1' }) },
  ],
  samples() {
    const s = this.session({ sessionId: '16590115252429751', msisdn: '233244000111' });
    return [s.dial('*920*80#'), s.answer('1'), s.timeout?.() as WireRequest];
  },
};
