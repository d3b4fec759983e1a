import type { GatewayDriver } from './driver';
import { truRouteDriver } from './truroute.driver';
import { xmlEscape, type WireRequest } from './wire';

/**
 * TruRoute deployments whose type-1 `<msg>` is not the dial string (`Welcome`): the app routes those
 * dials to GATEWAY_TRUROUTE_SERVICE_CODE (*384# in the tests); another code is dialled as usual.
 */
export const truRouteServiceCodeDriver: GatewayDriver = {
  ...truRouteDriver,
  name: 'truroute-service-code',
  codec: 'truroute',
  dialString: 'none',
  session(ids) {
    const s = truRouteDriver.session(ids);
    const welcome = (): WireRequest => ({
      method: 'POST',
      path: truRouteDriver.path,
      contentType: 'text/xml',
      body: `<ussd><msisdn>${ids.msisdn}</msisdn><sessionid>${ids.sessionId}</sessionid><type>1</type><msg>${xmlEscape('Welcome')}</msg></ussd>`,
    });
    return { ...s, dial: (code) => (code === '*384#' ? welcome() : s.dial(code)) };
  },
  samples() {
    return [this.session({ sessionId: '770012', msisdn: '265888000111' }).dial('*384#')];
  },
};
