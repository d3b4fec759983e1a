import { fitGsm7, lossyCharacters, needsUcs2, septetLength, septets, toGsm7, truncateSeptets } from '../../src/menu/gsm7';

describe('GSM-7 normalisation', () => {
  it('when text has typographic quotes, dashes, an ellipsis and odd spaces, then they become plain GSM-7 characters', () => {
    expect(toGsm7('\u201CKaribu\u201D \u2013 it\u2019s\u00A0here\u2026 \u2014 ok\u202F!')).toBe('"Karibu" - it\'s here... - ok !');
  });

  it('when text has accents outside the alphabet, then they are stripped; letters inside it stay', () => {
    expect(toGsm7('Café déjà vu à Ñandú, ça')).toBe('Café déjà vu à Ñandu, ca');
  });

  it('when a letter comes decomposed (a base letter and a combining accent, as some sources and editors store text), then it is the letter a composed one would give, never a "?" after it', () => {
    expect(toGsm7('Jose\u0301 Can\u0303a pa\u0302te')).toBe('José Caña pate');
    expect(septetLength('Jose\u0301')).toBe(4);
    expect(fitGsm7('Jose\u0301 Can\u0303a', 9)).toBe('José Caña');
    expect(lossyCharacters('Jose\u0301')).toEqual([]);
    expect(lossyCharacters('x\u0301')).toEqual([{ char: '\u0301', index: 1, sentAs: '' }]);
  });

  it('when an emoji carries a variation selector, then it is one "?", as without it', () => {
    expect(toGsm7('I \u2764\uFE0F it')).toBe('I ? it');
  });

  it('when a character cannot be written in GSM-7 at all, then it becomes "?"', () => {
    expect(toGsm7('Score ✓ 😀 中')).toBe('Score ? ? ?');
  });

  it('when text is plain ASCII, then it comes back unchanged', () => {
    const text = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
    expect(toGsm7(text)).toBe(text);
  });
});

describe('septet counting', () => {
  it('when text holds extension characters, then each counts two septets', () => {
    expect(septets('abc')).toBe(3);
    expect(septets('[x]')).toBe(5);
    expect(septets('€10 {ok} ^|~\\')).toBe(20);
  });

  it('when text needs UCS-2 as it is, then septets is undefined and needsUcs2 says so', () => {
    expect(septets('it\u2019s')).toBeUndefined();
    expect(needsUcs2('it\u2019s')).toBe(true);
    expect(needsUcs2('Ñandú')).toBe(true);
    expect(needsUcs2('Ñandù [ok] €5')).toBe(false);
  });

  it('when counted after normalisation, then the cost is what the handset receives', () => {
    expect(septetLength('it\u2019s \u20AC5\u2026')).toBe(11);
  });

  it('when text is cut to a septet budget, then an extension character is never split', () => {
    expect(truncateSeptets('ab€cd', 3)).toBe('ab');
    expect(truncateSeptets('ab€cd', 4)).toBe('ab€');
    expect(truncateSeptets('abc', 10)).toBe('abc');
  });

  it('when text is fitted to a screen, then it is normalised and cut to the budget in septets, plain or not', () => {
    expect(fitGsm7('Hello world', 5)).toBe('Hello');
    expect(fitGsm7('Hello', 5)).toBe('Hello');
    expect(fitGsm7('it\u2019s \u20AC5\u2026', 11)).toBe("it's €5...");
    expect(fitGsm7('it\u2019s \u20AC5\u2026', 6)).toBe("it's ");
    expect(fitGsm7('ab€cd', 3)).toBe('ab');
  });

  it('when text has characters normalisation cannot carry, then each is reported with its position and what is sent instead', () => {
    expect(lossyCharacters('ok ✓ and \u2019 ô 😀 中')).toEqual([
      { char: '✓', index: 3, sentAs: '?' },
      { char: 'ô', index: 11, sentAs: 'o' },
      { char: '😀', index: 13, sentAs: '?' },
      { char: '中', index: 16, sentAs: '?' },
    ]);
  });
});
