import { e164Digits } from '../../../src/gateways/phone-number';

describe('phone numbers to E.164', () => {
  it.each(['+254711999001', '+254 711-999 001', '00254711999001', '254711999001', '0711999001'])('when %s comes with DEFAULT_COUNTRY KE, then 254711999001', (sent) => {
    expect(e164Digits(sent, 'KE')).toBe('254711999001');
  });

  it('when another country\'s number comes without a plus, then it is read as international, not as a national number of the default country', () => {
    expect(e164Digits('233244000111', 'KE')).toBe('233244000111');
  });

  it.each(['+254711999001', '00254711999001', '254711999001'])('when %s comes with no default country, then 254711999001', (sent) => {
    expect(e164Digits(sent, undefined)).toBe('254711999001');
  });

  it.each([
    ['a national number with no default country', '0711999001', undefined],
    ['too few digits', '12345', 'KE'],
    ['no country code at all', '+999123456789', undefined],
  ] as const)('when it is %s, then it cannot be normalised', (_what, sent, country) => {
    expect(e164Digits(sent, country)).toBeUndefined();
  });
});
