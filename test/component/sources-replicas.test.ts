import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { testRedisUrl, uniqueId } from '../support/redis';
import { downUrl, startSourceStub, type SourceStub } from '../support/source-stub';

let stub: SourceStub;
let replicas: ServiceProcess[] = [];

beforeAll(async () => {
  stub = await startSourceStub();
  const env = {
    ROLE: 'web',
    REDIS_URL: testRedisUrl(),
    KEY_PREFIX: uniqueId('cache'),
    MENUS_DIR: 'test/fixtures/menus-sources',
    SOURCE_BANK_URL: stub.url,
    SOURCE_BANK_TOKEN: 'tok',
    SOURCE_DOWN_URL: await downUrl(),
    MENUS_WATCH: 'false',
  };
  replicas = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
}, 60_000);
afterAll(async () => {
  for (const r of replicas) r.kill();
  await Promise.all(replicas.map((r) => r.exited));
  await stub.close();
});

async function chain(replica: ServiceProcess): Promise<string> {
  const sessionId = uniqueId('AT');
  const post = async (text: string) => {
    const body = new URLSearchParams({ sessionId, serviceCode: '*600#', phoneNumber: '+254700111222', networkCode: '63902', text });
    const res = await fetch(`http://127.0.0.1:${replica.port}/ussd/africastalking`, { method: 'POST', body });
    return res.text();
  };
  await post('');
  return post('8');
}

describe('a source with cacheSeconds, behind two service processes', () => {
  it('when one replica has fetched an answer, then the other answers from the shared cache without calling the source', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess];
    const prices = () => stub.requests.filter((r) => r.path === '/prices').length;
    expect(await chain(a)).toBe('END Balance 1500, maize 42.');
    expect(prices()).toBe(1);
    expect(await chain(b)).toBe('END Balance 1500, maize 42.');
    expect(await chain(a)).toBe('END Balance 1500, maize 42.');
    expect(prices()).toBe(1);
    // The account source has no cacheSeconds: each hop asks it again.
    expect(stub.requests.filter((r) => r.path.startsWith('/v1/accounts/')).length).toBe(3);
  });
});
