import type { Config } from '../config.js';
import type { Reply, UssdTurn } from '../gateways/turn.js';
import { maskMsisdn, type Logger } from '../infra/logger.js';
import { continueSession, renderSession, startSession, type CompiledMenu, type StepOutcome } from '../menu/engine.js';
import { TOO_MANY } from '../menu/model.js';
import type { MenuRegistry } from '../menu/registry.js';
import { DEFAULT_TEXTS } from '../menu/texts.js';
import { hopInput, hopToken } from './hop-input.js';
import { sessionKey } from './keys.js';
import { effectId, type PlannedEffect } from './planned-effect.js';
import type { LiveRecord, SessionRecord } from './record.js';
import type { SessionStore } from './session-store.js';

export interface TurnDeps {
  store: SessionStore;
  menus: MenuRegistry;
  log: Logger;
  config: Pick<Config, 'SESSION_TTL_SECONDS' | 'ENDED_SESSION_TTL_SECONDS'>;
  /** Seconds since the epoch (a parameter so tests can move time). */
  now?: () => number;
}

export type { PlannedEffect };

/** Why a session ended, for metrics and logs. */
export type EndReason = 'end' | 'user' | 'timeout' | 'too-many' | 'expired' | 'unknown-code' | 'unavailable';

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
 */
export async function handleTurn(turn: UssdTurn, deps: TurnDeps): Promise<TurnResult> {
  const key = sessionKey(turn.gateway, turn.sessionId);
  if (turn.kind === 'end' || turn.kind === 'timeout') return endSession(turn, key, deps);
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const result = await attemptTurn(turn, key, deps);
    if (result !== 'conflict') return result;
    deps.log.debug({ sessionId: turn.sessionId, attempt }, 'concurrent hop on this session; reloading');
  }
  throw new Error(`session ${turn.sessionId} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
}

async function attemptTurn(turn: UssdTurn, key: string, deps: TurnDeps): Promise<TurnResult | 'conflict'> {
  const { store, menus } = deps;
  const resolved = turn.kind === 'start' ? menus.resolve(turn.serviceCode) : undefined;
  if (turn.kind === 'start' && !resolved) {
    deps.log.info({ sessionId: turn.sessionId, serviceCode: turn.serviceCode }, 'unknown service code');
    return { reply: { text: UNKNOWN_SERVICE_TEXT, end: true }, effects: [], outcome: { ended: 'unknown-code' } };
  }
  const reads = resolved?.menu.model.profileReads ?? [];
  const [record, profile] = await Promise.all([
    store.load(key),
    reads.length > 0 && resolved ? store.loadProfile(resolved.menu.id, turn.msisdn, reads) : undefined,
  ]);

  if (record?.ended) return { reply: { text: record.reply, end: true }, effects: [], outcome: { replayed: true } };
  if (record) {
    const menu = pinnedMenu(record, deps);
    const hop = turn.kind === 'start' ? { kind: 'repeat' as const } : hopInput(turn, record);
    if (hop.kind === 'repeat') return { reply: renderSession(menu, record, { msisdn: turn.msisdn }), effects: [], outcome: { replayed: true } };
    const out = continueSession(menu, record, hop.input, { msisdn: turn.msisdn });
    logHop(deps.log, turn, record, menu, hop.input, out);
    return commit(turn, key, deps, menu, out, record, hop.token);
  }
  if (turn.kind !== 'start' || !resolved) return { reply: expiredReply(turn, deps), effects: [], outcome: { ended: 'expired' } };

  const out = startSession(resolved.menu, { env: { msisdn: turn.msisdn }, profile, dialParts: resolved.extra });
  logHop(deps.log, turn, undefined, resolved.menu, '', out);
  return commit(turn, key, deps, resolved.menu, out, undefined, hopToken(turn));
}

async function commit(
  turn: UssdTurn,
  key: string,
  deps: TurnDeps,
  menu: CompiledMenu,
  out: StepOutcome,
  previous: LiveRecord | undefined,
  token: string,
): Promise<TurnResult | 'conflict'> {
  const hop = (previous?.hop ?? 0) + 1;
  const now = deps.now?.() ?? Math.floor(Date.now() / 1000);
  const ended = out.screen.end;
  const next: SessionRecord = ended
    ? { ended: true, hop, reply: out.screen.text }
    : { ended: false, hop, at: now, version: menu.version, last: token, state: out.state, ctx: out.ctx };
  const ttl = ended ? deps.config.ENDED_SESSION_TTL_SECONDS : deps.config.SESSION_TTL_SECONDS;
  const hasProfile = Object.keys(out.profile).length > 0;
  const effects: PlannedEffect[] = out.effects.map((effect, i) => ({
    id: effectId(turn.gateway, turn.sessionId, out.state, hop, i),
    sessionKey: key,
    sessionId: turn.sessionId,
    msisdn: turn.msisdn,
    effect,
  }));
  const [saved] = await Promise.all([
    deps.store.save(key, next, previous?.hop, ttl, effects),
    hasProfile ? deps.store.saveProfile(menu.id, turn.msisdn, out.profile) : undefined,
  ]);
  if (!saved) return 'conflict';
  const outcome: TurnResult['outcome'] = previous ? {} : { started: true };
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
