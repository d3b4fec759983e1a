import { GATEWAYS } from '../../../src/gateways/registry';
import { madapi, type MadapiRequest } from '../../../src/gateways/madapi.codec';
import { RESEARCH_EXAMPLES } from '../../fixtures/gateways/research-examples';

const codec = (name: string) => {
  const c = GATEWAYS.find((g) => g.name === name);
  if (!c) throw new Error(`no codec ${name}`);
  return c;
};

describe.each(RESEARCH_EXAMPLES.map((e) => [e.name, e] as const))('the research example "%s"', (_name, example) => {
  it('when parsed, then it is exactly the expected turn', () => {
    const parsed = codec(example.codec).parse(example.raw);
    expect(parsed.ok && parsed.turn).toEqual(example.turn);
  });

  if (example.reply) {
    const { screen, body, headers } = example.reply;
    it('when the screen is rendered, then the reply is the one the gateway expects', () => {
      const parsed = codec(example.codec).parse(example.raw);
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      const reply = codec(example.codec).render(screen, parsed.request);
      expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body });
      if (headers) expect(reply.headers).toMatchObject(headers);
    });
  }
});

describe('the MADAPI reply', () => {
  it('when a screen is rendered, then it is InboundResponse with status 0000, the screen in data and the echoes', () => {
    const request: MadapiRequest = { sessionId: '01235', messageType: '0', msisdn: '233240000111', serviceCode: '*1234*356#', ussdString: '*1234*356#' };
    const continues = madapi.render({ text: 'Welcome\n1. Balance', end: false }, request);
    expect(JSON.parse(continues.body)).toEqual({
      statusCode: '0000',
      statusMessage: 'Success',
      transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      data: { inboundResponse: 'Welcome\n1. Balance', userInputRequired: true, messageType: 1, serviceCode: '*1234*356#', msisdn: '233240000111' },
      _link: { self: { href: '/ussd/madapi' } },
    });
    expect(JSON.parse(madapi.render({ text: 'Bye', end: true }, request).body).data).toEqual({
      inboundResponse: 'Bye',
      userInputRequired: false,
      messageType: 2,
      serviceCode: '*1234*356#',
      msisdn: '233240000111',
    });
  });
});
