import { z } from 'zod';
import type { GatewayDriver } from './driver';
import type { WireRequest } from './wire';

const path = '/ussd/arkesel';
const json = 'application/json';
const ReplySchema = z.object({ sessionID: z.union([z.string(), z.number()]), userID: z.union([z.string(), z.number()]), msisdn: z.union([z.string(), z.number()]), message: z.string(), continueSession: z.boolean() }).strict();

/** Arkesel: JSON, `newSession` on the dial (then `userData` is the dial string), latest input after; no signals. */
export const arkeselDriver: GatewayDriver = {
  name: 'arkesel',
  path,
  contentType: /^application\/json/,
  dialString: 'full',
  retry: 'window',
  maxChars: 160,
  xml: false,
  session({ sessionId, msisdn }) {
    const hop = (newSession: boolean, userData: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: json,
      body: JSON.stringify({ sessionID: sessionId, userID: 'ARK123', newSession, msisdn, userData, network: 'MTN' }),
    });
    return {
      dial: (code) => hop(true, code),
      answer: (input) => hop(false, input),
      echoes: () => ({ sessionID: sessionId, userID: 'ARK123', msisdn }),
    };
  },
  read(res) {
    const r = ReplySchema.parse(JSON.parse(res.body));
    return { text: r.message, end: !r.continueSession, echoes: { sessionID: r.sessionID, userID: r.userID, msisdn: r.msisdn } };
  },
  expectSignalAnswer() {
    throw new Error('Arkesel sends no signals');
  },
  malformed: [
    { method: 'POST', path, contentType: json, body: 'sessionID=1' },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ sessionID: '6f2b9c', userID: 'ARK123', msisdn: '233244000111', userData: '1' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ sessionID: '6f 2b', userID: 'ARK123', newSession: false, msisdn: '233244000111', userData: '1' }) },
    { method: 'POST', path, contentType: json, body: JSON.stringify({ sessionID: '6f2b9c', userID: 'ARK123', newSession: 'maybe', msisdn: '233244000111', userData: '1' }) },
  ],
  samples() {
    const s = this.session({ sessionId: '6f2b9c', msisdn: '233244000111' });
    return [s.dial('*928*01#'), s.answer('1'), { ...s.answer('2'), contentType: 'application/x-www-form-urlencoded', body: 'sessionID=6f2b9c&userID=ARK123&newSession=false&msisdn=233244000111&userData=2&network=MTN' }];
  },
};
