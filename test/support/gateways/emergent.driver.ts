import type { GatewayDriver } from './driver';
import { hubtelDriver } from './hubtel.driver';
import type { WireRequest } from './wire';

/**
 * Emergent Technology (Interpay) on the Hubtel endpoint: the same JSON shape without `Sequence`,
 * `ClientState` or `Platform`, and the full code in `ServiceCode`; so retries are told by the
 * duplicate window. Release/Timeout as Hubtel's (unconfirmed for Emergent).
 */
export const emergentDriver: GatewayDriver = {
  ...hubtelDriver,
  name: 'emergent',
  codec: 'hubtel',
  retry: 'window',
  session({ sessionId, msisdn }) {
    let code = '*384#';
    const hop = (Type: string, Message: string): WireRequest => ({
      method: 'POST',
      path: hubtelDriver.path,
      contentType: 'application/json',
      body: JSON.stringify({ SessionId: sessionId, Mobile: msisdn, ServiceCode: code, Type, Operator: 'MTN', Message }),
    });
    return {
      dial(c) {
        code = c;
        return hop('Initiation', c);
      },
      answer: (input) => hop('Response', input),
      cancel: () => hop('Release', ''),
      timeout: () => hop('Timeout', ''),
      echoes: () => ({}),
    };
  },
  samples() {
    const s = this.session({ sessionId: 'e1a9', msisdn: '233244000111' });
    return [s.dial('*789*7#'), s.answer('1'), s.cancel?.() as WireRequest];
  },
};
