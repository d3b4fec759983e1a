import type { GatewayDriver } from './driver';
import { form, type WireRequest } from './wire';

const path = '/ussd/flares-get';

/** Comviva Flares over GET: query parameters; the first sighting of a `SessionID` is the dial; `Freeflow` header FC/FB. */
export const flaresGetDriver: GatewayDriver = {
  name: 'flares-get',
  path,
  contentType: /^text\/plain/,
  dialString: 'digits',
  unmarkedDial: true,
  retry: 'window',
  maxChars: 160,
  xml: false,
  session({ sessionId, msisdn }) {
    const hop = (input: string): WireRequest => ({ method: 'GET', path, query: form({ SessionID: sessionId, MSISDN: msisdn, MSC: '254733000000', input }) });
    const clean = (): WireRequest => ({ method: 'GET', path, query: form({ msisdn, clean: 'clean-session', error: '522', SessionID: sessionId, MSC: '254733000000' }) });
    return { dial: (code) => hop(code.replace(/^\*|#$/g, '')), answer: hop, cancel: clean, timeout: clean, echoes: () => ({}) };
  },
  read(res) {
    const freeflow = res.headers.freeflow;
    if (freeflow !== 'FC' && freeflow !== 'FB') throw new Error(`Freeflow header is ${freeflow}`);
    expect({ charge: res.headers.charge, amount: res.headers.amount }).toEqual({ charge: 'N', amount: '0' });
    return { text: res.body, end: freeflow === 'FB', echoes: {} };
  },
  expectSignalAnswer(res) {
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: '' });
  },
  malformed: [
    { method: 'GET', path, query: '' },
    { method: 'GET', path, query: form({ SessionID: '13697502734175597', input: '1' }) },
    { method: 'GET', path, query: form({ SessionID: '13697502734175597', MSISDN: '254733000111' }) },
    { method: 'GET', path, query: 'SessionID=1&SessionID=2&MSISDN=254733000111&input=1' },
  ],
  samples() {
    const s = this.session({ sessionId: '13697502734175597', msisdn: '254733000111' });
    return [s.dial('*121#'), s.answer('1'), s.cancel?.() as WireRequest];
  },
};
