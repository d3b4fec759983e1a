import { atCaller, startTestApp, type TestApp } from '../support/app';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/menus-from-spec', LOG_LEVEL: 'debug' }, { write: (line) => void lines.push(line) });
});
afterAll(async () => t.close());

describe('a menu written only from the spec', () => {
  it('when a caller walks it, then every screen kind works without code changes', async () => {
    const at = atCaller(t.app, { serviceCode: '*501#' });
    expect(await at.hop('')).toBe('CON Hello friend\n1. Send money\n2. Set name\n3. Francais');
    expect(await at.hop('2')).toBe('CON Your name:');
    expect(await at.hop('2*Amina')).toBe('END Saved, Amina.');

    const again = atCaller(t.app, { serviceCode: '*500#', phoneNumber: at.phoneNumber });
    expect(await again.hop('')).toBe('CON Hello Amina\n1. Send money\n2. Set name\n3. Francais');
    expect(await again.hop('3')).toBe('CON Bonjour Amina\n1. Envoyer\n2. Nom');
    expect(await again.hop('3*1')).toBe('CON Montant:');
    expect(await again.hop('3*1*2000')).toBe('CON Mauvais choix.\nMontant:');
    expect(await again.hop('3*1*2000*666')).toBe('CON Entrez le PIN:');
    expect(await again.hop('3*1*2000*666*4321')).toBe('END Montant 666 refuse.');
  });

  it('when maxAttempts invalid inputs are made, then the session ends', async () => {
    const at = atCaller(t.app, { serviceCode: '*500#' });
    await at.hop('');
    expect(await at.hop('9')).toBe('CON Wrong choice.\nHello friend\n1. Send money\n2. Set name\n3. Francais');
    expect(await at.hop('9*9')).toBe('END Too many invalid attempts. Please dial again.');
  });

  it('when a PIN is typed, then no log line holds it, every session line has the sessionId, and numbers are masked', async () => {
    lines.length = 0;
    const at = atCaller(t.app, { serviceCode: '*500#', phoneNumber: '+254711000111' });
    for (const text of ['', '1', '1*250']) await at.hop(text);
    expect(await at.hop('1*250*9876')).toBe('END Sent 250 from 254711000111.');
    const logged = lines.join('');
    expect(logged).not.toContain('9876');
    expect(logged).not.toContain('254711000111');
    expect(logged).toContain('2547****0111');
    const hops = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'hop');
    expect(hops).toHaveLength(4);
    expect(hops.every((l) => l.sessionId === at.sessionId)).toBe(true);
    expect(hops.at(-1)).toMatchObject({ from: 'pin', to: 'sent', input: '[hidden]' });
  });
});
