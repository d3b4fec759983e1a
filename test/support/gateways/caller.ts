import { randomInt } from 'node:crypto';
import type { TestApp } from '../app';
import { uniqueId } from '../redis';
import type { GatewayDriver, WireReply } from './driver';
import { send, type WireRequest } from './wire';

/**
 * Moves the app's clock (seconds) by hand: each answer comes 5 s after the last, as a learner's
 * would; a re-sent request keeps the time, as a gateway's duplicate would.
 */
export function manualClock(...apps: TestApp[]): { advance(seconds: number): void } {
  let now = 1_800_000_000;
  for (const t of apps) t.deps.app.callbacks.now = () => now;
  return { advance: (seconds) => (now += seconds) };
}

/** A phone number no other test uses (profiles and resume pointers are per number). */
export function uniqueMsisdn(): string {
  return `2557${randomInt(10_000_000, 99_999_999)}`;
}

/** A learner on `driver`'s gateway: every reply is checked for status, content type and echoes before it is read. */
export function gatewayCaller(t: TestApp, driver: GatewayDriver, clock: { advance(seconds: number): void }, msisdn = uniqueMsisdn()) {
  const ids = { sessionId: uniqueId(driver.name), msisdn };
  const session = driver.session(ids);
  let last: WireRequest | undefined;
  const exchange = async (req: WireRequest): Promise<WireReply> => {
    last = req;
    const res = await send(t.app, req);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: expect.stringMatching(driver.contentType) });
    const reply = driver.read(res);
    expect(reply.echoes).toEqual(session.echoes());
    return reply;
  };
  const signal = async (which: 'cancel' | 'timeout') => {
    const make = session[which];
    if (!make) throw new Error(`${driver.name} has no ${which} signal`);
    clock.advance(5);
    driver.expectSignalAnswer(await send(t.app, make()));
  };
  return {
    ids,
    session,
    dial: (code = '*384#') => exchange(session.dial(code)),
    answer: (input: string) => {
      clock.advance(5);
      return exchange(session.answer(input));
    },
    /** The last request again, unchanged and at the same time: a gateway's duplicate. */
    resend: () => exchange(last as WireRequest),
    /** The next answer twice at once: a duplicate racing the original. */
    answerTwiceAtOnce: async (input: string) => {
      clock.advance(5);
      const req = session.answer(input);
      last = req;
      return Promise.all([exchange(req), exchange(req)]);
    },
    signal,
  };
}

export const CON = (text: string): WireReply => ({ text, end: false, echoes: expect.anything() });
export const END = (text: string): WireReply => ({ text, end: true, echoes: expect.anything() });
