import { legacyChain, legacyDialect, type Handoff, type LegacyDialect } from '../../../src/gateways/legacy-dialects';

const dialect = (name: string) => legacyDialect(name) as LegacyDialect;
const h: Handoff = { dial: '*384*3*1#', path: '3*1', cut: 1 };
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const rewrite = (name: string, body: string, opens: boolean, handoff = h) => dialect(name).rewrite({ body, query: '' }, handoff, opens).body;
const reply = (body: string, headers: Record<string, string> = {}) => ({ status: 200, headers, body });

describe("Africa's Talking: the text chain rewritten with path", () => {
  it.each([
    ['the hand-off hop itself', '2', { path: '3*1', cut: 1 }, '3*1'],
    ['the next hop', '2*2', { path: '3*1', cut: 1 }, '3*1*2'],
    ['two hops later', '2*2*1', { path: '3*1', cut: 1 }, '3*1*2*1'],
    ['a hand-off without a path', '1*3*2', { path: '', cut: 3 }, '2'],
    ['a hand-off without a path, on its own hop', '1*3', { path: '', cut: 3 }, ''],
    ['a hand-off at the dial', '2', { path: '5', cut: 0 }, '5*2'],
    ['an input with a star in it (never split)', '2*1*2', { path: '3', cut: 1 }, '3*1*2'],
  ])('when %s, then the legacy app sees the chain from path on', (_what, chain, handoff, expected) => {
    expect(legacyChain(chain, handoff)).toBe(expected);
  });

  it('when the callback is a form, then only text changes (JSON alike)', () => {
    const form = 'sessionId=ATU1&serviceCode=*384%23&phoneNumber=%2B254711000111&networkCode=63902&text=2*2';
    expect(Object.fromEntries(new URLSearchParams(rewrite('africastalking', form, false)))).toEqual({ sessionId: 'ATU1', serviceCode: '*384#', phoneNumber: '+254711000111', networkCode: '63902', text: '3*1*2' });
    expect(json(rewrite('africastalking', JSON.stringify({ sessionId: 'ATU1', text: '2' }), true))).toEqual({ sessionId: 'ATU1', text: '3*1' });
  });

  it('when the legacy app answers CON or END, then its screen is read from the body', () => {
    expect(dialect('africastalking').screen(reply('CON Airtime\n1. KES 10'))).toEqual({ text: 'Airtime\n1. KES 10', end: false });
    expect(dialect('africastalking').screen(reply('END Bye'))).toEqual({ text: 'Bye', end: true });
    expect(dialect('africastalking').screen(reply('<html>'))).toBeUndefined();
  });
});

describe('gateways whose first message carries the dial string: a new-session message, then the inputs as sent', () => {
  it('Hubtel: Initiation with the dial string, Sequence counted from 1 for the legacy app', () => {
    const hop = { Type: 'Response', Mobile: '233244000111', SessionId: 's1', ServiceCode: '384', Message: '2', Sequence: 2 };
    const hs = { ...h, cut: 1 };
    expect(json(rewrite('hubtel', JSON.stringify(hop), true, hs))).toEqual({ ...hop, Type: 'Initiation', Message: '*384*3*1#', Sequence: 1 });
    expect(json(rewrite('hubtel', JSON.stringify({ ...hop, Message: '1', Sequence: 3 }), false, hs))).toEqual({ ...hop, Message: '1', Sequence: 2 });
    expect(json(rewrite('hubtel', JSON.stringify({ ...hop, Sequence: '3' }), false, hs)).Sequence).toBe('2');
    expect(dialect('hubtel').screen(reply(JSON.stringify({ Type: 'Release', Message: 'Bye' })))).toEqual({ text: 'Bye', end: true });
  });

  it('Arkesel: newSession true (as the gateway spells it) and userData the dial string; a form too', () => {
    const hop = { sessionID: 's1', userID: 'u', newSession: false, msisdn: '233244000111', userData: '2', network: 'MTN' };
    expect(json(rewrite('arkesel', JSON.stringify(hop), true))).toEqual({ ...hop, newSession: true, userData: '*384*3*1#' });
    expect(json(rewrite('arkesel', JSON.stringify({ ...hop, newSession: 'false' }), true)).newSession).toBe('true');
    expect(Object.fromEntries(new URLSearchParams(rewrite('arkesel', 'sessionID=s1&newSession=false&msisdn=233244000111&userData=2', true)))).toEqual({ sessionID: 's1', newSession: 'true', msisdn: '233244000111', userData: '*384*3*1#' });
    expect(rewrite('arkesel', JSON.stringify(hop), false)).toBe(JSON.stringify(hop));
    expect(dialect('arkesel').screen(reply(JSON.stringify({ message: 'Hi', continueSession: true })))).toEqual({ text: 'Hi', end: false });
  });

  it('Nalo: MSGTYPE true and USERDATA the dial string', () => {
    const hop = { USERID: 'NALOTest', MSISDN: '233244000111', USERDATA: '2', MSGTYPE: false, SESSIONID: 's1' };
    expect(json(rewrite('nalo', JSON.stringify(hop), true))).toEqual({ ...hop, MSGTYPE: true, USERDATA: '*384*3*1#' });
    expect(dialect('nalo').screen(reply(JSON.stringify({ MSG: 'Bye', MSGTYPE: false })))).toEqual({ text: 'Bye', end: true });
  });

  it('Beem: initiate, with the dial string in serviceCode', () => {
    const hop = { command: 'continue', msisdn: '255700000111', session_id: 's1', operator: 'vodacom', payload: { request_id: 1, response: '2' } };
    expect(json(rewrite('beem', JSON.stringify(hop), true))).toEqual({ ...hop, command: 'initiate', serviceCode: '*384*3*1#', payload: { request_id: 1, response: '0' } });
    expect(dialect('beem').screen(reply(JSON.stringify({ command: 'terminate', payload: { request: 'Bye' } })))).toEqual({ text: 'Bye', end: true });
  });

  it('TruRoute: type 1 and the dial string in msg', () => {
    const body = '<?xml version="1.0"?><ussd><msisdn>265991000111</msisdn><sessionid>s1</sessionid><type>2</type><msg>2</msg></ussd>';
    expect(rewrite('truroute', body, true)).toBe('<?xml version="1.0"?><ussd><msisdn>265991000111</msisdn><sessionid>s1</sessionid><type>1</type><msg>*384*3*1#</msg></ussd>');
    expect(rewrite('truroute', body.replace('<msg>2</msg>', '<msg/>'), true)).toContain('<type>1</type><msg>*384*3*1#</msg>');
    expect(dialect('truroute').screen(reply('<ussd><type>2</type><msg>Pick &amp; go</msg></ussd>'))).toEqual({ text: 'Pick & go', end: false });
  });

  it('Flares: newRequest 1 (or true, as the gateway spells it) and the code digits; Airtel Malawi: the digits alone', () => {
    const pull = '<request type="pull"><sessionId>s1</sessionId><msisdn>233</msisdn><newRequest>0</newRequest><subscriberInput>2</subscriberInput></request>';
    expect(rewrite('flares', pull, true)).toBe('<request type="pull"><sessionId>s1</sessionId><msisdn>233</msisdn><newRequest>1</newRequest><subscriberInput>384*3*1</subscriberInput></request>');
    expect(rewrite('flares', pull.replace('<newRequest>0<', '<newRequest>false<'), true)).toContain('<newRequest>true</newRequest>');
    expect(rewrite('flares', '<ussd><sessionId>s1</sessionId><msisdn>265</msisdn><subscriberInput>2</subscriberInput></ussd>', true)).toBe('<ussd><sessionId>s1</sessionId><msisdn>265</msisdn><subscriberInput>384*3*1</subscriberInput></ussd>');
    expect(dialect('flares').screen(reply('<response><applicationResponse>Bye</applicationResponse><freeflow><freeflowState>FB</freeflowState></freeflow></response>'))).toEqual({ text: 'Bye', end: true });
  });

  it('Flares over GET: input the code digits in the query; the verb read from the Freeflow header', () => {
    const out = dialect('flares-get').rewrite({ body: '', query: 'SessionID=s1&MSISDN=254733000111&input=2' }, h, true);
    expect(Object.fromEntries(new URLSearchParams(out.query))).toEqual({ SessionID: 's1', MSISDN: '254733000111', input: '384*3*1' });
    expect(dialect('flares-get').rewrite({ body: '', query: 'SessionID=s1&input=1' }, h, false).query).toBe('SessionID=s1&input=1');
    expect(dialect('flares-get').screen(reply('Pick', { freeflow: 'FC' }))).toEqual({ text: 'Pick', end: false });
  });

  it('MADAPI: messageType 0 (number or string, as sent) and ussdString the dial string', () => {
    const hop = { sessionId: 's1', messageType: 1, msisdn: '233240000111', serviceCode: '*384#', ussdString: '2' };
    expect(json(rewrite('madapi', JSON.stringify(hop), true))).toEqual({ ...hop, messageType: 0, ussdString: '*384*3*1#' });
    expect(json(rewrite('madapi', JSON.stringify({ ...hop, messageType: '1' }), true)).messageType).toBe('0');
    expect(dialect('madapi').screen(reply(JSON.stringify({ data: { inboundResponse: 'Hi', userInputRequired: true, messageType: 1 } })))).toEqual({ text: 'Hi', end: false });
  });

  it('when a body is not what the gateway sends, then it goes on unchanged', () => {
    expect(rewrite('nalo', '{not json', true)).toBe('{not json');
    expect(rewrite('madapi', '[1,2]', true)).toBe('[1,2]');
  });
});
