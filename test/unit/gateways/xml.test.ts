import { parseXml, xmlText } from '../../../src/gateways/xml';

describe('reading a gateway XML body', () => {
  it('when it uses XML entities and numeric character references, then they are decoded', () => {
    expect(parseXml('<ussd><msg>a &amp; &lt;b&gt; &quot;&apos; &#233;&#x41; &#x1F600;</msg></ussd>')).toEqual({
      ok: true,
      value: { ussd: { msg: 'a & <b> "\' éA 😀' } },
    });
  });

  it.each([
    ['an internal entity that would dial (issue 13)', '<!DOCTYPE ussd [<!ENTITY a "*384#">]><ussd><msg>&a;</msg></ussd>'],
    ['an expansion bomb', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><ussd><msg>&b;&b;&b;</msg></ussd>'],
    ['a bare DOCTYPE in lower case after the declaration', '<?xml version="1.0"?>\n<!doctype ussd><ussd><msg>1</msg></ussd>'],
  ])('when the body carries a DOCTYPE (%s), then it is refused: no gateway sends one', (_what, body) => {
    expect(parseXml(body)).toEqual({ ok: false, problems: ['the body has a DOCTYPE: not accepted (no gateway sends one, and its entities would rewrite the payload)'] });
  });

  it('when values look like numbers or carry spaces, then they stay trimmed strings', () => {
    expect(parseXml('<r a="1"><id> 007 </id><n>1e3</n></r>')).toEqual({ ok: true, value: { r: { '@_a': '1', id: '007', n: '1e3' } } });
  });

  it('when the document is cut short, then the problem names the elements left open', () => {
    expect(parseXml('<ussd><msisdn>2658880')).toEqual({ ok: false, problems: ['the body is not well-formed XML: unclosed <ussd>, <msisdn>:1:1'] });
  });

  it('when thousands of elements are left open, then the problem names the first few and says how many more', () => {
    const r = parseXml('<a>'.repeat(2000));
    expect(r).toEqual({ ok: false, problems: [expect.stringMatching(/^the body is not well-formed XML: unclosed <a>, <a>, <a>, <a>, <a> and 1995 more/)] });
    expect(!r.ok && (r.problems[0] ?? '').length).toBeLessThan(200);
  });

  it.each([
    ['an unclosed element', '<ussd><msg>1</ussd>'],
    ['two roots', '<a>1</a><b>2</b>'],
    ['plain text', 'hello'],
    ['an empty body', ''],
    ['a prototype-polluting tag', '<ussd><__proto__>x</__proto__></ussd>'],
  ])('when the body is %s, then it is refused with a reason', (_what, body) => {
    const r = parseXml(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([expect.stringMatching(/^the body is (empty|not well-formed XML)/)]);
  });
});

describe('writing reply text into XML', () => {
  it('when the text holds markup characters, then they are escaped', () => {
    expect(xmlText(`Tom & Jerry <b>"x"</b> 'y'`)).toBe('Tom &amp; Jerry &lt;b&gt;&quot;x&quot;&lt;/b&gt; &apos;y&apos;');
  });

  it('when the text holds characters XML 1.0 cannot carry (GSM form feed, NUL), then they are dropped, and a carriage return is the newline a parser would read', () => {
    expect(xmlText('a\fb\u0000c\nd\re\r\nf\tg')).toBe('abc\nd\ne\nf\tg');
  });
});
