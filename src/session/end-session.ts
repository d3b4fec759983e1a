import type { UssdTurn } from '../gateways/turn.js';
import { textOf } from '../menu/engine.js';
import { dropsReported } from './drop-reports.js';
import { forwardSession } from './forward-session.js';
import type { Relay } from './legacy-port.js';
import type { LiveRecord, SessionRecord } from './record.js';
import { isIdle, isResumable, resumeTtl, resumeWindow } from './resume.js';
import { turnClock } from './turn-clock.js';
import { answer, type TurnDeps, type TurnResult } from './turn-types.js';

/**
 * Ends a session on the gateway's signal; never treated as input. A timeout means the caller was
 * dropped, and so does any end signal for a session already idle past SESSION_TTL (the gateway
 * closed a dialogue we had let expire): a session that can be resumed is kept, marked dropped,
 * with a pointer for a new dial to find it.
 */
export async function endSession(turn: UssdTurn, key: string, deps: TurnDeps, relay?: Relay): Promise<TurnResult> {
  const now = turnClock(deps);
  // The signal itself says the gateway's reports reach us: noted in the same round trip as the read.
  const [loaded] = await Promise.all([deps.store.load(key, now), deps.drops?.note(turn.gateway)]);
  let record = loaded;
  // A hop stored between the read and the write (the caller's last answer, in flight with the
  // signal) moved the session on: the signal ends what is stored now, not what it read.
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ended = await endRecord(turn, key, record, now, deps, relay);
    if (ended.kind === 'done') return ended.result;
    record = ended.current;
  }
  throw new Error(`session ${turn.sessionId} kept changing under its end signal`);
}

const MAX_ATTEMPTS = 3;

type Ending = { kind: 'done'; result: TurnResult } | { kind: 'changed'; current: SessionRecord | undefined };

async function endRecord(turn: UssdTurn, key: string, record: SessionRecord | undefined, now: number, deps: TurnDeps, relay?: Relay): Promise<Ending> {
  if (!record) return done(answer({ text: '', end: true }));
  // The legacy app's session: its end signal is the legacy app's too (where it comes on the same callback).
  if (record.ended && record.forwarded && relay) return done(await forwardSession(turn, key, record, record.forwarded, relay, deps));
  if (record.ended) return done(answer({ text: record.reply, end: true }, { replayed: true }));
  const menu = deps.menus.byVersion(record.version);
  const window = menu ? resumeWindow(menu, deps.config) : 0;
  const lost = turn.kind === 'timeout' || isIdle(record, now, deps.config);
  if (lost && menu && !record.prompt && isResumable(record, menu, now, deps.config) && window > 0) {
    const ttl = resumeTtl(record, menu, now, deps.config);
    const [saved] = await Promise.all([
      record.dropped ? (true as const) : deps.store.save(key, { ...record, hop: record.hop + 1, dropped: true }, record, ttl, { nowSeconds: now }),
      deps.store.saveResumePointer(menu.id, turn.msisdn, key, ttl),
    ]);
    if (saved !== true) return { kind: 'changed', current: saved.current };
    deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, hop: record.hop }, 'session dropped by the gateway: kept for a resume');
    return done(answer({ text: textOf(menu, 'ended'), end: true }, { ended: 'timeout', screen: { menu: menu.id, id: record.state } }));
  }
  const text = textOf(menu ?? deps.menus.resolve(turn.serviceCode)?.menu, 'ended');
  const [saved] = await Promise.all([
    deps.store.save(key, { ended: true, hop: record.hop + 1, reply: text }, record, deps.config.ENDED_SESSION_TTL_SECONDS, { nowSeconds: now }),
    menu && window > 0 ? deps.store.clearResumePointer(menu.id, turn.msisdn, key) : undefined,
  ]);
  if (saved !== true) return { kind: 'changed', current: saved.current };
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, reason: turn.kind, hop: record.hop }, 'session ended by gateway');
  const screen = menu && !record.prompt ? { screen: { menu: menu.id, id: record.state } } : {};
  return done(answer({ text, end: true }, { ended: turn.kind === 'timeout' ? 'timeout' : 'user', ...screen }));
}

const done = (result: TurnResult): Ending => ({ kind: 'done', result });

/**
 * A hop for a session idle past SESSION_TTL on a gateway that reports drops: the dialogue was
 * lost without a word, so the pointer a new dial needs is written now.
 */
export async function keepForResume(turn: UssdTurn, key: string, record: LiveRecord, now: number, deps: TurnDeps): Promise<void> {
  const menu = deps.menus.byVersion(record.version);
  if (!dropsReported(turn, deps.drops) || !menu || record.prompt || !isResumable(record, menu, now, deps.config)) return;
  const ttl = resumeTtl(record, menu, now, deps.config);
  await deps.store.saveResumePointer(menu.id, turn.msisdn, key, ttl);
}
