import type { GatewayDriver } from './driver';
import { form, type WireRequest } from './wire';

const path = '/ussd/africastalking';
const type = 'application/x-www-form-urlencoded';

/** Africa's Talking: the whole chain in `text`; cancel and timeout arrive on the events URL as `Incomplete`. */
export const africasTalkingDriver: GatewayDriver = {
  name: 'africastalking',
  path,
  contentType: /^text\/plain/,
  dialString: 'full',
  retry: 'chain',
  maxChars: 182,
  xml: false,
  session({ sessionId, msisdn }) {
    let serviceCode = '*384#';
    let chain = '';
    const hop = (text: string): WireRequest => ({
      method: 'POST',
      path,
      contentType: type,
      body: form({ sessionId, serviceCode, phoneNumber: `+${msisdn}`, networkCode: '63902', text }),
    });
    const incomplete = (): WireRequest => ({
      method: 'POST',
      path: `${path}/events`,
      contentType: type,
      body: form({ date: '2025-01-12 10:15:22', sessionId, serviceCode, networkCode: '63902', phoneNumber: `+${msisdn}`, status: 'Incomplete', cost: 'KES 0.0000', durationInMillis: '31204', hopsCount: '2', input: chain, lastAppResponse: '', errorMessage: '' }),
    });
    return {
      dial(code) {
        serviceCode = code;
        chain = '';
        return hop('');
      },
      answer(input) {
        chain = chain === '' ? input : `${chain}*${input}`;
        return hop(chain);
      },
      cancel: incomplete,
      timeout: incomplete,
      echoes: () => ({}),
    };
  },
  read(res) {
    const m = /^(CON|END) ([\s\S]*)$/.exec(res.body);
    if (!m) throw new Error(`not CON/END: ${res.body}`);
    return { text: m[2] as string, end: m[1] === 'END', echoes: {} };
  },
  expectSignalAnswer(res) {
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: 'OK' });
  },
  malformed: [
    { method: 'POST', path, contentType: type, body: '' },
    { method: 'POST', path, contentType: type, body: form({ serviceCode: '*384#', phoneNumber: '+254711000111', text: '' }) },
    { method: 'POST', path, contentType: type, body: form({ sessionId: 'a', serviceCode: '*384#', phoneNumber: 'not-a-number', text: '' }) },
    { method: 'POST', path, contentType: type, body: 'sessionId=a&sessionId=b&serviceCode=*384%23&phoneNumber=%2B254711000111' },
  ],
  samples() {
    const s = this.session({ sessionId: 'ATUid_5f1c2e', msisdn: '254711000111' });
    return [s.dial('*384*44135#'), s.answer('2'), s.answer('50'), s.cancel?.() as WireRequest];
  },
};
