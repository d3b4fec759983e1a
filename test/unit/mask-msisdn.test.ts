import { maskMsisdn } from '../../src/gateways/mask-msisdn';

/** How many of a number's digits a masked form gives away. */
const shown = (masked: string) => masked.replace(/\D/g, '').length;

describe('maskMsisdn: phone numbers in logs', () => {
  it('when the number is E.164 with twelve digits, then it reads as documented: four digits, four stars, four digits', () => {
    expect(maskMsisdn('254711000111')).toBe('2547****0111');
    expect(maskMsisdn('+254711000111')).toBe('2547****0111');
  });

  it.each(['0711000111', '071100011', '23276123456', '31612345678'])('when %s is shorter (a national number, a short E.164), then at least four of its digits stay hidden', (n) => {
    const masked = maskMsisdn(n);
    expect([masked, n.length - shown(masked) >= 4]).toEqual([masked, true]);
  });

  it('when the number is longer than twelve digits, then only four at each end show', () => {
    expect(maskMsisdn('2547110001112223')).toBe('2547****2223');
  });

  it('when it has eight digits or fewer, then none show', () => {
    expect(maskMsisdn('71100011')).toBe('********');
  });
});
