import { atCaller, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

describe("extended dial strings over Africa's Talking (extra parts in serviceCode)", () => {
  it('when a learner dials *384*1*2#, then the parts are walked from start to the first Science question, and the quiz goes on from there', async () => {
    const at = atCaller(t.app, { serviceCode: '*384*1*2#' });
    expect(await at.hop('')).toBe('CON Q1: Which gas do plants take in?\n1. Oxygen\n2. Carbon dioxide\n3. Nitrogen');
    expect(await at.hop('2')).toBe('CON Q2: Water boils at sea level at?\n1. 50 C\n2. 100 C\n3. 150 C');
    expect(await at.hop('2*2')).toBe('CON Q3: Which organ pumps blood?\n1. Lungs\n2. Liver\n3. Heart');
    expect(await at.hop('2*2*3')).toBe('END You scored 3/3 in Science. Dial *384# to try again.');
  });

  it('when a learner dials *384*7*1#, then the named shortcut 7 switches to Kiswahili and 1 opens the subjects', async () => {
    const at = atCaller(t.app, { serviceCode: '*384*7*1#' });
    expect(await at.hop('')).toBe('CON Chagua somo:\n1. Hisabati\n2. Sayansi');
    expect(await at.hop('0')).toBe('CON Karibu Eneza. Chagua:\n1. Anza Jaribio\n2. Angalia Alama\n3. English');
  });

  it('when a learner dials *384*2#, then the walk reaches an end screen and the dial itself is answered with END', async () => {
    const at = atCaller(t.app, { serviceCode: '*384*2#' });
    expect(await at.hop('')).toBe('END Your last score: none yet.');
  });
});
