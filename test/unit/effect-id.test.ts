import { effectId } from '../../src/session/planned-effect';

const PRINTABLE_KEY = /^[\x21-\x7e]{1,255}$/;

describe('effect ids', () => {
  it("when Africa's Talking sends its longest session id, all `{`, then the id is at most 255 printable characters, holds no ':' and is the same every time", () => {
    const id = effectId('at', '{'.repeat(128), 'result', 6, 0, 1795000000);
    expect(id).toMatch(PRINTABLE_KEY);
    expect(id).not.toContain(':');
    expect(id).toBe(effectId('at', '{'.repeat(128), 'result', 6, 0, 1795000000));
    expect(id).toMatch(/^at\.=[\w-]{22}\.result\.6\.0\.1795000000$/);
  });

  it('when two long session ids differ in one character, or one effect differs in screen, hop or index, then the ids differ', () => {
    const a = '{'.repeat(127);
    const ids = [
      effectId('at', `${a}{`, 'result', 6, 0, 1795000000),
      effectId('at', `${a}}`, 'result', 6, 0, 1795000000),
      effectId('at', `${a}{`, 'result', 6, 1, 1795000000),
      effectId('at', `${a}{`, 'result', 7, 0, 1795000000),
      effectId('at', `${a}{`, 'results', 6, 0, 1795000000),
      effectId('nalo', `${a}{`, 'result', 6, 0, 1795000000),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when every part is as long as it can be (a 64 KB session id of multi-byte characters, a 300-character screen id, huge numbers), then the id still fits 255 printable characters', () => {
    const id = effectId('a-long-gateway-name', 'é€'.repeat(32_768), 's'.repeat(300), Number.MAX_SAFE_INTEGER, 999, 99_999_999_999);
    expect(id).toMatch(PRINTABLE_KEY);
    expect(id).not.toContain(':');
  });

  it('when a short session id already looks like a hash marker, then it cannot collide with a hashed one, since "=" is URI-encoded', () => {
    expect(effectId('at', '=abc', 'result', 1, 0, 1)).toBe('at.%3Dabc.result.1.0.1');
  });
});
