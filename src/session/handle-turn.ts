import type { Config } from '../config.js';
import type { Reply, UssdTurn } from '../gateways/turn.js';
import { maskMsisdn, type Logger } from '../infra/logger.js';
import { continueSession, renderSession, startSession, type CompiledMenu, type StepOutcome } from '../menu/engine.js';
import { TOO_MANY, type EffectCommand } from '../menu/model.js';
import type { MenuRegistry } from '../menu/registry.js';
import { DEFAULT_TEXTS } from '../menu/texts.js';
import { hopInput, hopToken } from './hop-input.js';
import { sessionKey } from './keys.js';
import type { LiveRecord, SessionRecord } from './record.js';
import type { SessionStore } from './session-store.js';

export interface TurnDeps {
  store: SessionStore;
  menus: MenuRegistry;
  log: Logger;
  config: Pick<Config, 'SESSION_TTL_SECONDS' | 'ENDED_SESSION_TTL_SECONDS' | 'DUPLICATE_WINDOW_MS'>;
  /** Seconds since the epoch, to a tenth (a parameter so tests can move time). */
  now?: () => number;
}

/** An effect decided by a hop, with the id that makes delivering it twice harmless. */
export interface PlannedEffect {
  id: string;
  sessionKey: string;
  msisdn: string;
  effect: EffectCommand;
}

/** Why a session ended, for metrics and logs. */
export type EndReason = 'end' | 'user' | 'timeout' | 'too-many' | 'expired' | 'unknown-code' | 'unavailable' | 'rate-limited';

export interface TurnResult {
  reply: Reply;
  effects: PlannedEffect[];
  /** What this callback did to the session: started it, replayed a stored answer, ended it (and why). */
  outcome: { started?: true; replayed?: true; ended?: EndReason };
}

export const UNKNOWN_SERVICE_TEXT = 'This service code is not in use. Please check the number and dial again.';
const MAX_CONFLICT_RETRIES = 3;

/**
 * The use case: load the session, recognise a retry, step the machine, store with compare-and-set.
 * One Redis round trip to load, one to store. Infrastructure errors propagate to the caller,
 * which answers with the gateway's END and the menu's `unavailable` text.
 *
 * `admission` (the per-number rate limit, when configured) was issued by the caller just before and
 * is awaited together with the load, so it rides the same auto-pipelined round trip; when it says
 * no, the session is neither stepped nor stored.
 */
export async function handleTurn(turn: UssdTurn, deps: TurnDeps, admission?: Promise<boolean>): Promise<TurnResult> {
  const key = sessionKey(turn.gateway, turn.sessionId);
  if (turn.kind === 'end' || turn.kind === 'timeout') return endSession(turn, key, deps);
  const seen: Seen = {};
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const result = await attemptTurn(turn, key, deps, seen, attempt === 0 ? admission : undefined);
    if (result !== 'conflict') return result;
    deps.log.debug({ sessionId: turn.sessionId, attempt }, 'concurrent hop on this session; reloading');
  }
  throw new Error(`session ${turn.sessionId} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
}

/** What this request saw across its attempts: the hop stored when it first loaded the session. */
interface Seen {
  firstHop?: number;
}

async function attemptTurn(turn: UssdTurn, key: string, deps: TurnDeps, seen: Seen, admission?: Promise<boolean>): Promise<TurnResult | 'conflict'> {
  const { store, menus } = deps;
  const dial = turn.kind === 'start' ? turn.serviceCode : turn.dialIfNew;
  const resolved = dial === undefined ? undefined : menus.resolve(dial);
  if (turn.kind === 'start' && !resolved) {
    deps.log.info({ sessionId: turn.sessionId, serviceCode: turn.serviceCode }, 'unknown service code');
    return { reply: { text: UNKNOWN_SERVICE_TEXT, end: true }, effects: [], outcome: { ended: 'unknown-code' } };
  }
  const reads = resolved?.menu.model.profileReads ?? [];
  const [record, profile, admitted] = await Promise.all([
    store.load(key),
    reads.length > 0 && resolved ? store.loadProfile(resolved.menu.id, turn.msisdn, reads) : undefined,
    admission,
  ]);
  if (admitted === false) return rateLimited(turn, resolved?.menu ?? (record && !record.ended ? pinnedMenu(record, deps, false) : undefined), deps);
  const now = clockOf(deps);
  seen.firstHop ??= record?.hop ?? 0;

  if (record && !(turn.keyedByNumber && turn.kind === 'start' && !isRepeatedDial(turn, record, now, deps))) {
    if (record.ended) return { reply: { text: record.reply, end: true }, effects: [], outcome: { replayed: true } };
    const menu = pinnedMenu(record, deps);
    const windowSeconds = deps.config.DUPLICATE_WINDOW_MS / 1000;
    const hop = turn.kind === 'start' ? { kind: 'repeat' as const } : hopInput(turn, record, { now, windowSeconds, firstSeenHop: seen.firstHop });
    if (hop.kind === 'repeat') return { reply: renderSession(menu, record, { msisdn: turn.msisdn }), effects: [], outcome: { replayed: true } };
    const out = continueSession(menu, record, hop.input, { msisdn: turn.msisdn });
    logHop(deps.log, turn, record, menu, hop.input, out);
    return commit(turn, key, deps, menu, out, { expectedHop: record.hop, started: false, token: hop.token, now });
  }
  if (!resolved) return { reply: expiredReply(turn, deps), effects: [], outcome: { ended: 'expired' } };

  const out = startSession(resolved.menu, { env: { msisdn: turn.msisdn }, profile, dialParts: resolved.extra });
  logHop(deps.log, turn, undefined, resolved.menu, '', out);
  // A session keyed by the number starts afresh over the one before, compare-and-set on its hop.
  return commit(turn, key, deps, resolved.menu, out, { expectedHop: record?.hop, started: true, token: hopToken(turn), now });
}

/** Seconds since the epoch to a tenth: fine enough to tell a gateway's duplicate from a person. */
function clockOf(deps: TurnDeps): number {
  return deps.now?.() ?? Math.round(Date.now() / 100) / 10;
}

/** A dial repeated within the duplicate window onto the session it just started. */
function isRepeatedDial(turn: UssdTurn, record: SessionRecord, now: number, deps: TurnDeps): boolean {
  return !record.ended && record.last === hopToken(turn) && now - record.at < deps.config.DUPLICATE_WINDOW_MS / 1000;
}

function rateLimited(turn: UssdTurn, menu: CompiledMenu | undefined, deps: TurnDeps): TurnResult {
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, msisdn: maskMsisdn(turn.msisdn) }, 'rate limit reached for this number');
  return { reply: { text: textOf(menu, 'rateLimited'), end: true }, effects: [], outcome: { ended: 'rate-limited' } };
}

async function commit(
  turn: UssdTurn,
  key: string,
  deps: TurnDeps,
  menu: CompiledMenu,
  out: StepOutcome,
  at: { expectedHop: number | undefined; started: boolean; token: string; now: number },
): Promise<TurnResult | 'conflict'> {
  const { expectedHop, token, now } = at;
  const hop = (expectedHop ?? 0) + 1;
  const ended = out.screen.end;
  const next: SessionRecord = ended
    ? { ended: true, hop, reply: out.screen.text }
    : { ended: false, hop, at: now, version: menu.version, last: token, state: out.state, ctx: out.ctx };
  const ttl = ended ? deps.config.ENDED_SESSION_TTL_SECONDS : deps.config.SESSION_TTL_SECONDS;
  const hasProfile = Object.keys(out.profile).length > 0;
  const [saved] = await Promise.all([
    deps.store.save(key, next, expectedHop, ttl),
    hasProfile ? deps.store.saveProfile(menu.id, turn.msisdn, out.profile) : undefined,
  ]);
  if (!saved) return 'conflict';
  const effects = out.effects.map((effect, i) => ({
    id: `${turn.gateway}-${turn.sessionId}-${out.state}-${hop}-${i}`.replace(/:/g, '_'),
    sessionKey: key,
    msisdn: turn.msisdn,
    effect,
  }));
  const outcome: TurnResult['outcome'] = at.started ? { started: true } : {};
  if (ended) outcome.ended = out.state === TOO_MANY ? 'too-many' : 'end';
  return { reply: out.screen, effects, outcome };
}

/** Ends a session on the gateway's signal; never treated as input. */
async function endSession(turn: UssdTurn, key: string, deps: TurnDeps): Promise<TurnResult> {
  const record = await deps.store.load(key);
  if (!record) return { reply: { text: '', end: true }, effects: [], outcome: {} };
  if (record.ended) return { reply: { text: record.reply, end: true }, effects: [], outcome: { replayed: true } };
  const text = textOf(pinnedMenu(record, deps, false), 'ended');
  await deps.store.save(key, { ended: true, hop: record.hop, reply: text }, record.hop, deps.config.ENDED_SESSION_TTL_SECONDS);
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, reason: turn.kind, hop: record.hop }, 'session ended by gateway');
  return { reply: { text, end: true }, effects: [], outcome: { ended: turn.kind === 'timeout' ? 'timeout' : 'user' } };
}

function pinnedMenu(record: LiveRecord, deps: TurnDeps): CompiledMenu;
function pinnedMenu(record: LiveRecord, deps: TurnDeps, required: false): CompiledMenu | undefined;
function pinnedMenu(record: LiveRecord, deps: TurnDeps, required = true): CompiledMenu | undefined {
  const menu = deps.menus.byVersion(record.version);
  if (!menu && required) throw new Error(`menu version ${record.version} is not loaded`);
  return menu;
}

function expiredReply(turn: UssdTurn, deps: TurnDeps): Reply {
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway }, 'hop for a session that expired or never started');
  return { text: textOf(deps.menus.resolve(turn.serviceCode)?.menu, 'expired'), end: true };
}

/** A system text of a menu in its default language (no session to take a language from). */
export function textOf(menu: CompiledMenu | undefined, which: keyof typeof DEFAULT_TEXTS): string {
  if (!menu) return DEFAULT_TEXTS[which];
  return menu.model.texts[which](menu.model.defaultLang).render(() => undefined);
}

function logHop(log: Logger, turn: UssdTurn, from: LiveRecord | undefined, menu: CompiledMenu, input: string, out: StepOutcome): void {
  if (!log.isLevelEnabled('debug')) return;
  const screen = from ? menu.model.screens.get(from.state) : undefined;
  const secret = screen?.kind === 'input' && /pin/i.test(screen.save);
  log.debug(
    { sessionId: turn.sessionId, gateway: turn.gateway, msisdn: maskMsisdn(turn.msisdn), hop: (from?.hop ?? 0) + 1, from: from?.state, to: out.state, input: secret ? '[hidden]' : input, end: out.screen.end },
    'hop',
  );
}
