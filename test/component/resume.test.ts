import { resumeKey, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { fixture, tempMenusDir } from '../support/menus-dir';
import { plainRedis } from '../support/redis';
import { eventually } from '../support/eventually';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { CON, gatewayCaller, manualClock } from '../support/gateways/caller';

const WELCOME = 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const PROMPT = 'CON Welcome back. Continue where you left off?\n1. Continue\n2. Start over';
const Q2 = 'CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7';

describe('resuming a dropped session (SESSION_TTL_SECONDS=20, RESUME_WINDOW_SECONDS=120)', () => {
  let t: TestApp;
  let now = Math.floor(Date.now() / 1000);
  const redis = plainRedis();
  beforeAll(async () => {
    t = await startTestApp({ SESSION_TTL_SECONDS: '20', RESUME_WINDOW_SECONDS: '120' });
    t.deps.app.callbacks.now = () => now;
    // The end-of-session URL is set: its notifications reach the service (drop-reports.test.ts: before they do).
    expect((await atCaller(t.app).end('Success')).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    redis.disconnect();
  });

  /** A learner who answered Q1 right on Q2, not yet dropped. */
  async function onQ2() {
    const phoneNumber = `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const first = atCaller(t.app, { phoneNumber });
    for (const chain of ['', '1', '1*1']) await first.hop(chain);
    expect(await first.hop('1*1*2')).toBe(Q2);
    return { phoneNumber, first, again: () => atCaller(t.app, { phoneNumber }) };
  }

  /** The same learner dropped on Q2, as Africa's Talking reports it: an `Incomplete` end-of-session notification. */
  async function droppedOnQ2() {
    const learner = await onQ2();
    expect((await learner.first.end('Incomplete')).status).toBe(200);
    return learner;
  }

  it('when a learner dropped on Q2 dials again after the idle TTL, then they are asked, and 1 puts them back on Q2 with their score', async () => {
    const { again } = await droppedOnQ2();
    now += 25;
    const second = again();
    expect(await second.hop('')).toBe(PROMPT);
    expect(await second.hop('1')).toBe(Q2);
    expect(await second.hop('1*1')).toBe('CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42');
    expect(await second.hop('1*1*3')).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    // Finished: nothing left to resume.
    expect(await again().hop('')).toBe(WELCOME);
  });

  it('when the learner chooses 2, then a fresh session starts and the dropped one is gone', async () => {
    const { first, again } = await droppedOnQ2();
    now += 25;
    const second = again();
    expect(await second.hop('')).toBe(PROMPT);
    expect(await redis.exists(sessionKey('at', first.sessionId))).toBe(0);
    expect(await second.hop('2')).toBe(WELCOME);
    expect(await second.hop('2*1')).toBe('CON Select subject:\n1. Math\n2. Science');
    await second.end('Incomplete'); // the new session dropped in its turn
    now += 25;
    expect(await again().hop('')).toBe(PROMPT);
  });

  it('when a session gets a late hop after the idle TTL, then that hop is answered as expired and the session can be resumed (no notification needed)', async () => {
    const { first, again } = await onQ2();
    now += 21;
    expect(await first.hop('1*1*2*1')).toBe('END Your session timed out. Please dial again.');
    expect(await again().hop('')).toBe(PROMPT);
  });

  it('when the learner dials again within the idle TTL (the network dropped the dialogue), then they are asked too', async () => {
    const { again } = await droppedOnQ2();
    now += 3;
    expect(await again().hop('')).toBe(PROMPT);
  });

  it('when the resume window has passed, then the dial starts afresh', async () => {
    const { again } = await droppedOnQ2();
    now += 20 + 121;
    expect(await again().hop('')).toBe(WELCOME);
  });

  it('when the learner answers the prompt with something else, then it asks again, and ends after maxAttempts', async () => {
    const { again } = await droppedOnQ2();
    now += 25;
    const second = again();
    await second.hop('');
    expect(await second.hop('7')).toBe(`CON Invalid choice, try again.\n${PROMPT.slice(4)}`);
    expect(await second.hop('7*0')).toBe(`CON Invalid choice, try again.\n${PROMPT.slice(4)}`);
    expect(await second.hop('7*0*9')).toBe('END Too many invalid choices. Dial *384# to try again.');
  });

  it('when the learner was using Kiswahili, then the prompt is in Kiswahili', async () => {
    const phoneNumber = '+254799000' + String(Math.floor(Math.random() * 900) + 100);
    const first = atCaller(t.app, { phoneNumber, serviceCode: '*384*7#' });
    await first.hop('');
    expect(await first.hop('1')).toBe('CON Chagua somo:\n1. Hisabati\n2. Sayansi');
    await first.end('Incomplete');
    now += 25;
    const second = atCaller(t.app, { phoneNumber });
    expect(await second.hop('')).toBe('CON Karibu tena. Endelea ulipoishia?\n1. Endelea\n2. Anza upya');
    expect(await second.hop('1')).toBe('CON Chagua somo:\n1. Hisabati\n2. Sayansi');
  });

  it('when the learner dials a shortcut, then it goes where the shortcut says, without a prompt', async () => {
    const { phoneNumber } = await droppedOnQ2();
    now += 25;
    expect(await atCaller(t.app, { phoneNumber, serviceCode: '*384*1#' }).hop('')).toBe('CON Select subject:\n1. Math\n2. Science');
  });

  it("when Africa's Talking reports the session Incomplete, then it is resumable at once; when it reports it ended, it is not", async () => {
    const dropped = await droppedOnQ2();
    expect(await dropped.again().hop('')).toBe(PROMPT);

    const ended = await onQ2();
    expect((await ended.first.end('Success')).status).toBe(200);
    expect(await ended.again().hop('')).toBe(WELCOME);
  });

  it("when Africa's Talking closes a dialogue we had let expire, then it is kept for a resume whatever the status", async () => {
    const learner = await onQ2();
    now += 25;
    expect((await learner.first.end('Success')).status).toBe(200);
    expect(await learner.again().hop('')).toBe(PROMPT);
  });

  it('when notifications arrive but a drop is not reported, then a new dial starts afresh: the pointer is only written on a report', async () => {
    const learner = await onQ2();
    now += 3;
    expect(await learner.again().hop('')).toBe(WELCOME);
  });

  it('when a session leaves its start screen, then Redis holds it for TTL + window; a drop report writes the pointer, and an END removes it', async () => {
    const { phoneNumber, first } = await onQ2();
    const key = sessionKey('at', first.sessionId);
    const pointer = resumeKey('eneza', phoneNumber.slice(1));
    expect([await redis.ttl(key), await redis.exists(pointer)]).toEqual([140, 0]);
    await first.end('Incomplete');
    expect([await redis.get(pointer), await redis.ttl(pointer)]).toEqual([key, 140]);

    const second = atCaller(t.app, { phoneNumber });
    expect(await second.hop('')).toBe(PROMPT);
    for (const chain of ['1', '1*1']) await second.hop(chain);
    expect(await second.hop('1*1*3')).toBe('END You scored 3/3 in Math. Dial *384# to try again.');
    expect([await redis.ttl(sessionKey('at', second.sessionId)), await redis.exists(pointer)]).toEqual([60, 0]);
  });
});

describe('resuming on a gateway that never reports drops (Arkesel)', () => {
  let t: TestApp;
  const redis = plainRedis();
  beforeAll(async () => (t = await startTestApp({ SESSION_TTL_SECONDS: '20', RESUME_WINDOW_SECONDS: '120' })));
  afterAll(async () => {
    await t.close();
    redis.disconnect();
  });

  it('when a learner leaves the start screen, then the pointer is written with the hop, and a silent drop is offered for resume', async () => {
    const clock = manualClock(t);
    const first = gatewayCaller(t, arkeselDriver, clock);
    await first.dial();
    clock.advance(5);
    await first.answer('1');
    expect(await redis.get(resumeKey('eneza', first.ids.msisdn))).toBe(sessionKey('arkesel', first.ids.sessionId));
    clock.advance(30);
    const again = gatewayCaller(t, arkeselDriver, clock, first.ids.msisdn);
    expect(await again.dial()).toEqual(CON('Welcome back. Continue where you left off?\n1. Continue\n2. Start over'));
  });
});

describe('a menu with resume: false', () => {
  const menus = tempMenusDir();
  let t: TestApp;
  let now = Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    menus.write('soko.menu.yaml', fixture('soko/v1.yaml').replace('start: main', 'start: main\nresume: false'));
    t = await startTestApp({ MENUS_DIR: menus.dir, RESUME_WINDOW_SECONDS: '120' });
    t.deps.app.callbacks.now = () => now;
  });
  afterAll(async () => {
    await t.close();
    menus.remove();
  });

  it('when a learner drops and dials again, then there is no prompt', async () => {
    const phoneNumber = '+254700300400';
    const first = atCaller(t.app, { phoneNumber, serviceCode: '*789#' });
    await first.hop('');
    expect(await first.hop('1')).toBe('CON Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu');
    now += 25;
    expect(await atCaller(t.app, { phoneNumber, serviceCode: '*789#' }).hop('')).toBe('CON Soko market prices\n1. Prices by county');
  });
});

describe('a menu whose start is a branch', () => {
  const menus = tempMenusDir();
  let t: TestApp;
  beforeAll(async () => {
    const routed = fixture('soko/v1.yaml')
      .replace('start: main', 'start: route')
      .replace(
        'screens:\n',
        "screens:\n  route:\n    type: branch\n    cases:\n      - when: \"gateway.name == 'hubtel'\"\n        goto: hello\n    otherwise: main\n  hello:\n    type: menu\n    text: Karibu Soko\n    options:\n      - { label: Prices, goto: county }\n",
      );
    menus.write('soko.menu.yaml', routed);
    t = await startTestApp({ MENUS_DIR: menus.dir, SESSION_TTL_SECONDS: '20', RESUME_WINDOW_SECONDS: '120' });
  });
  afterAll(async () => {
    await t.close();
    menus.remove();
  });

  it('when a caller saw only the screen the branch chose and dials again, then nothing is offered to resume', async () => {
    const clock = manualClock(t);
    const first = gatewayCaller(t, arkeselDriver, clock);
    expect(await first.dial('*789#')).toEqual(CON('Soko market prices\n1. Prices by county'));
    clock.advance(30);
    const again = gatewayCaller(t, arkeselDriver, clock, first.ids.msisdn);
    expect(await again.dial('*789#')).toEqual(CON('Soko market prices\n1. Prices by county'));
  });

  it('when a caller went on past that screen and dials again, then they are offered to resume', async () => {
    const clock = manualClock(t);
    const first = gatewayCaller(t, arkeselDriver, clock);
    await first.dial('*789#');
    expect(await first.answer('1')).toEqual(CON('Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu'));
    clock.advance(30);
    const again = gatewayCaller(t, arkeselDriver, clock, first.ids.msisdn);
    expect(await again.dial('*789#')).toEqual(CON('Welcome back. Continue where you left off?\n1. Continue\n2. Start over'));
  });
});

describe('a resume judged on the version the dropped session is on', () => {
  const menus = tempMenusDir();
  let t: TestApp;
  beforeAll(async () => {
    menus.write('soko.menu.yaml', fixture('soko/v1.yaml'));
    t = await startTestApp({ MENUS_DIR: menus.dir, SESSION_TTL_SECONDS: '20', RESUME_WINDOW_SECONDS: '120' });
  });
  afterAll(async () => {
    await t.close();
    menus.remove();
  });

  it('when a caller went back to the start screen and the new version starts elsewhere, then nothing is offered to resume', async () => {
    const clock = manualClock(t);
    const first = gatewayCaller(t, arkeselDriver, clock);
    await first.dial('*789#');
    await first.answer('1');
    expect(await first.answer('0')).toEqual(CON('Soko market prices\n1. Prices by county'));
    // The next version greets callers on a new first screen; `main` is now its second.
    const v2 = fixture('soko/v1.yaml').replace('start: main', 'start: home').replace('screens:\n', 'screens:\n  home:\n    type: menu\n    text: Karibu\n    options:\n      - { label: Prices, goto: main }\n');
    menus.write('soko.menu.yaml', v2);
    await eventually(() => t.deps.menus.byId('soko')?.model.menu.start === 'home', 'the new version to load');
    clock.advance(30);
    const again = gatewayCaller(t, arkeselDriver, clock, first.ids.msisdn);
    expect(await again.dial('*789#')).toEqual(CON('Karibu\n1. Prices'));
  });
});
