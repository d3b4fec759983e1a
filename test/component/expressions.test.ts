import { atCaller, startTestApp, type TestApp } from '../support/app';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/expressions', LOG_LEVEL: 'info' }, { write: (line) => void lines.push(line) });
});
afterAll(async () => t.close());

describe('expressions over Africa\'s Talking (test/fixtures/expressions/pay.menu.yaml)', () => {
  it('when a Safaricom caller dials, then the branch at start routes by gateway.network, and the amount typed is charged', async () => {
    const at = atCaller(t.app, { serviceCode: '*500#', networkCode: '63902' });
    expect(await at.hop('')).toBe('CON Safaricom callers on *500#:\n1. Continue');
    expect(await at.hop('1')).toBe('CON Pay via africastalking\n1. Buy airtime');
    expect(await at.hop('1*1')).toBe('CON Amount (max 500):');
    expect(await at.hop('1*1*300')).toBe('CON PIN:');
    expect(await at.hop('1*1*300*1234')).toBe('CON PIN again:');
    expect(await at.hop('1*1*300*1234*1234')).toBe('END Paid 300 + fee = 310, left 200; half 155.');
  });

  it('when a caller on another network dials, then the branch sends them straight to the menu with their own limit', async () => {
    const at = atCaller(t.app, { serviceCode: '*500#', networkCode: '62120' });
    expect(await at.hop('')).toBe('CON Pay via africastalking\n1. Buy airtime');
    expect(await at.hop('1')).toBe('CON Amount (max 200):');
    expect(await at.hop('1*300')).toBe('CON Not a valid amount.\nAmount (max 200):');
  });

  it('when an expression fails on a hop, then the caller sees the screen (never an error page) and the log names the screen and the expression', async () => {
    lines.length = 0;
    const at = atCaller(t.app, { serviceCode: '*500#', networkCode: '62120' });
    expect(await at.hop('')).toBe('CON Pay via africastalking\n1. Buy airtime');
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'menu expression failed');
    expect(failed).toEqual([
      expect.objectContaining({ sessionId: at.sessionId, menu: 'pay', screen: 'main', where: 'screens.main.options.1.when', expression: 'total > 100', error: 'Unknown variable: total' }),
    ]);
  });
});
