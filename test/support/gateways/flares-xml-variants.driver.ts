import { z } from 'zod';
import type { GatewayDriver } from './driver';
import { flaresDriver } from './flares.driver';
import { readXml } from './truroute.driver';
import { xmlEscape, type WireRequest } from './wire';

const path = '/ussd/flares';
const xml = 'application/xml';

/** Comviva Flares pull with `newRequest` as `true`/`false`, sent as `application/xml` (answered in kind). */
export const flaresTrueFalseDriver: GatewayDriver = {
  ...flaresDriver,
  name: 'flares-true-false',
  codec: 'flares',
  contentType: /^application\/xml/,
  session({ sessionId, msisdn }) {
    const pull = (newRequest: boolean, input: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: xml,
      body: `<request type="pull"><sessionId>${sessionId}</sessionId><msisdn>${msisdn}</msisdn><newRequest>${String(newRequest)}</newRequest><subscriberInput>${xmlEscape(input)}</subscriberInput></request>`,
    });
    const cleanUp = (): WireRequest => ({ method: 'POST', path, contentType: xml, body: `<request type="cleanUp"><sessionId>${sessionId}</sessionId><msisdn>${msisdn}</msisdn><statusCode>523</statusCode></request>` });
    return { dial: (code) => pull(true, code.replace(/^\*|#$/g, '')), answer: (input) => pull(false, input), cancel: cleanUp, timeout: cleanUp, echoes: () => ({ msisdn }) };
  },
  samples() {
    const s = this.session({ sessionId: '5512', msisdn: '256772000111' });
    return [s.dial('*165#'), s.answer('1')];
  },
};

const MalawiReplySchema = z.object({
  response: z
    .object({
      msisdn: z.string(),
      applicationResponse: z.string(),
      freeflow: z.object({ freeflowState: z.enum(['FC', 'FB']), freeflowCharging: z.literal('N'), freeflowChargingAmount: z.literal('0') }).strict(),
    })
    .strict(),
});

/**
 * Airtel Malawi's Flares shape (tnmdevs/ussd): `<ussd>` with `msisdn`, `sessionId`, `subscriberInput`
 * and nothing marking the dial: the first sighting of a session id is one, its input the code digits.
 */
export const flaresAirtelMalawiDriver: GatewayDriver = {
  ...flaresDriver,
  name: 'flares-airtel-malawi',
  codec: 'flares',
  contentType: /^application\/xml/,
  unmarkedDial: true,
  session({ sessionId, msisdn }) {
    const hop = (input: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: xml,
      body: `<ussd><msisdn>${msisdn}</msisdn><sessionId>${sessionId}</sessionId><subscriberInput>${xmlEscape(input)}</subscriberInput></ussd>`,
    });
    return { dial: (code) => hop(code.replace(/^\*|#$/g, '')), answer: hop, echoes: () => ({ msisdn }) };
  },
  read(res) {
    const r = readXml(res.body, MalawiReplySchema).response;
    return { text: r.applicationResponse, end: r.freeflow.freeflowState === 'FB', echoes: { msisdn: r.msisdn } };
  },
  malformed: [
    { method: 'POST', path, contentType: xml, body: '<ussd><msisdn>265991000111</msisdn><subscriberInput>1</subscriberInput></ussd>' },
    { method: 'POST', path, contentType: xml, body: '<ussd><sessionId>7701</sessionId><subscriberInput>1</subscriberInput></ussd>' },
  ],
  samples() {
    const s = this.session({ sessionId: '7701', msisdn: '265991000111' });
    return [s.dial('*384#'), s.answer('1')];
  },
};
