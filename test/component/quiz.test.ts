import { atCaller, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

describe("the Eneza quiz over Africa's Talking", () => {
  it('when a learner answers all three Math questions right, then every screen is as agreed and the END says 3/3', async () => {
    const at = atCaller(t.app);
    expect(await at.hop('')).toBe('CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score');
    expect(await at.hop('1')).toBe('CON Select subject:\n1. Math\n2. Science');
    expect(await at.hop('1*1')).toBe('CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64');
    expect(await at.hop('1*1*2')).toBe('CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7');
    expect(await at.hop('1*1*2*1')).toBe('CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42');
    expect(await at.hop('1*1*2*1*3')).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
  });
});
