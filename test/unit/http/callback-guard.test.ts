import type { RawRequest } from '../../../src/gateways/codec';
import { refusalOf, secretDigest, type CallbackGuard } from '../../../src/http/callback-guard';
import { clientAddress } from '../../../src/http/client-address';
import { parseCidrs, type CidrSet } from '../../../src/gateways/cidr';

const cidrs = (list: string): CidrSet => {
  const r = parseCidrs(list);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.set;
};
const raw = (over: Partial<RawRequest>): RawRequest => ({ method: 'POST', query: '', headers: {}, body: '', ...over });

describe('who is calling', () => {
  const proxies = cidrs('10.0.0.0/8');

  it('when no proxy is trusted, then X-Forwarded-For is ignored', () => {
    expect(clientAddress(raw({ remoteAddress: '::ffff:203.0.113.9', headers: { 'x-forwarded-for': '198.51.100.1' } }), undefined)).toBe('203.0.113.9');
  });
  it('when the peer is not a trusted proxy, then X-Forwarded-For is ignored', () => {
    expect(clientAddress(raw({ remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '198.51.100.1' } }), proxies)).toBe('203.0.113.9');
  });
  it('when the peer is a trusted proxy, then the right-most forwarded address that is not one (a forged left part is skipped)', () => {
    const req = raw({ remoteAddress: '::ffff:10.0.0.2', headers: { 'x-forwarded-for': '1.2.3.4, 198.51.100.1:5060, 10.0.0.7' } });
    expect(clientAddress(req, proxies)).toBe('198.51.100.1');
  });
  it('when every forwarded address is a trusted proxy, then the left-most', () => {
    expect(clientAddress(raw({ remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '10.0.0.9, 10.0.0.7' } }), proxies)).toBe('10.0.0.9');
  });
});

describe('refusing a callback', () => {
  const guard: CallbackGuard = { allow: cidrs('198.51.100.0/24, 2001:db8::/32'), secret: { where: 'query', name: 'key', digest: secretDigest('s3cret-s3cret-s3cret') } };

  it('when the caller is allowed and gives the secret, then it passes', () => {
    expect(refusalOf(guard, raw({ remoteAddress: '198.51.100.7', query: 'key=s3cret-s3cret-s3cret' }), undefined)).toBeUndefined();
    expect(refusalOf(guard, raw({ remoteAddress: '2001:db8::5', query: 'a=1&key=s3cret-s3cret-s3cret' }), undefined)).toBeUndefined();
  });
  it('when the address is not on the allow-list, then it is refused, saying so', () => {
    expect(refusalOf(guard, raw({ remoteAddress: '203.0.113.9', query: 'key=s3cret-s3cret-s3cret' }), undefined)).toBe('address 203.0.113.9 is not on the allow-list');
  });
  it('when the secret is missing or wrong (even by a prefix), then it is refused', () => {
    expect(refusalOf(guard, raw({ remoteAddress: '198.51.100.7' }), undefined)).toBe('no shared secret in the query key');
    expect(refusalOf(guard, raw({ remoteAddress: '198.51.100.7', query: 'key=s3cret' }), undefined)).toBe('wrong shared secret in the query key');
  });
  it('when the secret travels in a header, then the header is read and a repeated header is refused', () => {
    const inHeader: CallbackGuard = { secret: { where: 'header', name: 'x-ussd-secret', digest: secretDigest('s3cret-s3cret-s3cret') } };
    expect(refusalOf(inHeader, raw({ headers: { 'x-ussd-secret': 's3cret-s3cret-s3cret' } }), undefined)).toBeUndefined();
    expect(refusalOf(inHeader, raw({ headers: { 'x-ussd-secret': ['a', 'b'] as unknown as string } }), undefined)).toBe('no shared secret in the header x-ussd-secret');
  });
});
