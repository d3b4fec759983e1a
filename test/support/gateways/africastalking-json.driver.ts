import { africasTalkingDriver } from './africastalking.driver';
import type { GatewayDriver } from './driver';
import type { WireRequest } from './wire';

/** The same request as JSON: the body Africa's Talking's official SDK handler also reads. */
const asJson = (req: WireRequest): WireRequest => ({
  ...req,
  contentType: 'application/json',
  body: JSON.stringify(Object.fromEntries(new URLSearchParams(String(req.body)))),
});

/** Africa's Talking with JSON bodies, callbacks and events alike. */
export const africasTalkingJsonDriver: GatewayDriver = {
  ...africasTalkingDriver,
  name: 'africastalking-json',
  codec: 'africastalking',
  session(ids) {
    const s = africasTalkingDriver.session(ids);
    return { ...s, dial: (code) => asJson(s.dial(code)), answer: (input) => asJson(s.answer(input)), cancel: () => asJson(s.cancel?.() as WireRequest), timeout: () => asJson(s.timeout?.() as WireRequest) };
  },
  malformed: [
    { method: 'POST', path: africasTalkingDriver.path, contentType: 'application/json', body: '{"sessionId":' },
    { method: 'POST', path: africasTalkingDriver.path, contentType: 'application/json', body: JSON.stringify({ sessionId: 'a', serviceCode: '*384#', phoneNumber: 'not-a-number', text: '' }) },
    { method: 'POST', path: africasTalkingDriver.path, contentType: 'application/json', body: JSON.stringify({ sessionId: ['a'], serviceCode: '*384#', phoneNumber: '+254711000111', text: '' }) },
  ],
  samples() {
    const s = this.session({ sessionId: 'ATUid_json', msisdn: '254711000111' });
    return [s.dial('*384*44135#'), s.answer('2'), s.cancel?.() as WireRequest];
  },
};
