import { parseForm } from '../../../src/gateways/form';

describe('reading a form body', () => {
  it('when fields are named after object properties, then each is a plain field with its own value', () => {
    const form = parseForm('constructor=x&toString=y&__proto__=z&hasOwnProperty=w');
    expect(Object.entries(form)).toEqual([['constructor', 'x'], ['toString', 'y'], ['__proto__', 'z'], ['hasOwnProperty', 'w']]);
    expect(Object.getPrototypeOf(form)).toBeNull();
  });

  it('when a field is repeated, then its values in order', () => {
    expect({ ...parseForm('a=1&a=2&a=3&b=') }).toEqual({ a: ['1', '2', '3'], b: '' });
  });
});
