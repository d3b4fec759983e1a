import type { Config } from '../config.js';
import type { Reply, UssdTurn } from '../gateways/turn.js';
import { maskMsisdn, type Logger } from '../infra/logger.js';
import { continueSession, renderResume, renderSession, startSession, textOf, type CompiledMenu, type StepOutcome } from '../menu/engine.js';
import { TOO_MANY } from '../menu/model.js';
import type { MenuRegistry } from '../menu/registry.js';
import { endSession, keepForResume } from './end-session.js';
import { hopInput, hopToken, isRepeatedDial } from './hop-input.js';
import { sessionKey } from './keys.js';
import { effectId, type PlannedEffect } from './planned-effect.js';
import type { LiveRecord, SessionRecord } from './record.js';
import { isIdle, isResumable, liveTtl, pointerWrite, resumeWindow, type ResumeConfig } from './resume.js';
import { answerResumePrompt, offerResume, type Commit, type CommitResume } from './resume-prompt.js';
import type { Conflict, SessionStore } from './session-store.js';
import { turnClock } from './turn-clock.js';

export interface TurnDeps {
  store: SessionStore;
  menus: MenuRegistry;
  /** Compiles a version this process does not hold (another replica published it); only called on a miss. */
  fetchVersion?: (version: string) => Promise<CompiledMenu | undefined>;
  log: Logger;
  config: Pick<Config, 'SESSION_TTL_SECONDS' | 'ENDED_SESSION_TTL_SECONDS' | 'DUPLICATE_WINDOW_MS'> & Partial<Pick<Config, 'KEY_PREFIX'>> & ResumeConfig;
  /** Seconds since the epoch, to a tenth (a parameter so tests can move time). */
  now?: () => number;
  /** The active trace context, for effects to carry through the outbox (set only when tracing is on). */
  traceCarrier?: () => Record<string, string> | undefined;
}

export type { PlannedEffect };

/** Why a session ended, for metrics and logs. */
export type EndReason = 'end' | 'user' | 'timeout' | 'too-many' | 'expired' | 'unknown-code' | 'unavailable' | 'rate-limited';

export interface TurnResult {
  reply: Reply;
  effects: PlannedEffect[];
  /** What this callback did to the session: started it, replayed a stored answer, ended it (and why). */
  outcome: {
    started?: true;
    replayed?: true;
    resumed?: true;
    ended?: EndReason;
    /** The `at` (epoch seconds) of the live record this callback replaced, and of the live record it stored: the live-sessions gauge moves on these. */
    replacedAt?: number;
    storedAt?: number;
  };
}

export const UNKNOWN_SERVICE_TEXT = 'This service code is not in use. Please check the number and dial again.';
const MAX_CONFLICT_RETRIES = 3;

/**
 * The use case: load the session, recognise a retry, step the machine, store with compare-and-set.
 * One Redis round trip to load, one to store; a hop on a session this process stored last steps
 * from that record and goes straight to the compare-and-set (one round trip), falling back to a
 * load when it was stale or when the hop would answer without storing. Infrastructure errors
 * propagate to the caller, which answers with the gateway's END and the menu's `unavailable` text.
 *
 * `admission` (the per-number rate limit, when configured) was issued by the caller just before and
 * is awaited together with the load, so it travels in the same round trip; when it says
 * no, the session is neither stepped nor stored.
 */
export async function handleTurn(turn: UssdTurn, deps: TurnDeps, admission?: Promise<boolean>): Promise<TurnResult> {
  const key = sessionKey(turn.gateway, turn.sessionId, deps.config.KEY_PREFIX);
  if (turn.kind === 'end' || turn.kind === 'timeout') return endSession(turn, key, deps);
  const seen: Seen = { next: admission === undefined ? 'peek' : 'load', admission };
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; ) {
    const result = await attemptTurn(turn, key, deps, seen);
    if (result === 'unconfirmed') continue;
    if (result !== 'conflict') return result;
    deps.log.debug({ sessionId: turn.sessionId, attempt }, 'concurrent hop on this session; stepping again');
    attempt++;
  }
  throw new Error(`session ${turn.sessionId} kept changing under ${MAX_CONFLICT_RETRIES} attempts`);
}

/** What this request saw across its attempts. */
interface Seen {
  /** The hop stored when it first loaded the session from Redis. */
  firstHop?: number;
  /** The per-number rate limit's answer, awaited with the first load. */
  admission?: Promise<boolean>;
  /** Where the next attempt finds the session: this process's last write, Redis, or what a lost compare-and-set found there. */
  next: 'peek' | 'load' | Conflict;
}

/**
 * One try at the hop. `conflict`: another request stored first (`seen.next` holds what it stored);
 * `unconfirmed`: the record this process wrote last was stale, or the hop would answer from it
 * without storing anything; either way the next try reads what Redis holds.
 */
async function attemptTurn(turn: UssdTurn, key: string, deps: TurnDeps, seen: Seen): Promise<TurnResult | 'conflict' | 'unconfirmed'> {
  const { store, menus } = deps;
  const { admission, next } = seen;
  seen.admission = undefined;
  seen.next = 'load';
  const dial = turn.kind === 'start' ? turn.serviceCode : turn.dialIfNew;
  const resolved = dial === undefined ? undefined : menus.resolve(dial);
  if (turn.kind === 'start' && !resolved) {
    deps.log.info({ sessionId: turn.sessionId, serviceCode: turn.serviceCode }, 'unknown service code');
    return { reply: { text: UNKNOWN_SERVICE_TEXT, end: true }, effects: [], outcome: { ended: 'unknown-code' } };
  }
  const reads = resolved?.menu.model.profileReads ?? [];
  // A dial with extra parts goes where they say: no resume prompt in the way.
  const mayResume = resolved !== undefined && resolved.extra.length === 0 && resumeWindow(resolved.menu, deps.config) > 0;
  const now = turnClock(deps);
  const peeked = next === 'peek' && !resolved ? store.peek?.(key, now) : undefined;
  // One round trip: the session, and at a dial the caller's profile and resume pointer alongside.
  const [loaded, profile, pointer, admitted] =
    resolved || admission
      ? await Promise.all([
          store.load(key, now),
          reads.length > 0 && resolved ? store.loadProfile(resolved.menu.id, turn.msisdn, reads) : undefined,
          mayResume ? store.loadResumePointer(resolved.menu.id, turn.msisdn) : undefined,
          admission,
        ])
      : [peeked ?? (typeof next === 'object' ? next.current : await store.load(key, now))];
  if (admitted === false) return rateLimited(turn, resolved?.menu ?? (loaded && !loaded.ended ? menus.byVersion(loaded.version) : undefined), deps);
  const env = { msisdn: turn.msisdn };
  // An unconfirmed record cannot tell a concurrent twin (hop-input.ts): only what Redis returned counts.
  if (!peeked) seen.firstHop ??= loaded?.hop ?? 0;
  // A session keyed by the number starts afresh at a new dial (compare-and-set on the old one).
  const windowSeconds = deps.config.DUPLICATE_WINDOW_MS / 1000;
  const replaced = loaded && turn.keyedByNumber && turn.kind === 'start' && !isRepeatedDial(turn, loaded, now, windowSeconds) ? loaded : undefined;
  const record = replaced === undefined ? loaded : undefined;
  // What this process stored last is only good for stepping on: anything else is answered from Redis.
  if (peeked && (peeked.ended || peeked.dropped || isIdle(peeked, now, deps.config))) return 'unconfirmed';

  if (record?.ended) return { reply: { text: record.reply, end: true }, effects: [], outcome: { replayed: true } };
  if (record?.dropped) return { reply: { text: textOf(deps.menus.byVersion(record.version), 'ended'), end: true }, effects: [], outcome: { replayed: true } };
  // Idle past SESSION_TTL: expired. The record stays (untouched) only so that a new dial can resume it.
  if (record && isIdle(record, now, deps.config)) {
    await keepForResume(turn, key, record, now, deps);
    return { reply: expiredReply(turn, deps), effects: [], outcome: { ended: 'expired' } };
  }
  if (record) {
    const menu = deps.menus.byVersion(record.version) ?? (await pinnedMenu(record, deps));
    const hop = turn.kind === 'start' ? { kind: 'repeat' as const } : hopInput(turn, record, { now, windowSeconds, firstSeenHop: seen.firstHop });
    if (hop.kind === 'repeat') {
      if (peeked) return 'unconfirmed';
      return { reply: record.prompt ? renderResume(menu, record, env) : renderSession(menu, record, env), effects: [], outcome: { replayed: true } };
    }
    if (record.prompt) return settled(await answerResumePrompt(bindCommit(turn, key, deps), deps, turn.msisdn, menu, record, hop), seen, peeked);
    const out = continueSession(menu, record, hop.input, env);
    logHop(deps.log, turn, record, menu, hop.input, out);
    return settled(await commit(turn, key, deps, menu, out, record, hop.token), seen, peeked);
  }
  if (!resolved) return { reply: expiredReply(turn, deps), effects: [], outcome: { ended: 'expired' } };

  // Only a caller with a session off its start screen has a pointer: the common dial skips this read.
  const dropped = pointer !== undefined && pointer !== key ? await store.load(pointer, now) : undefined;
  if (isResumable(dropped, resolved.menu, now, deps.config) && pointer !== undefined) {
    const menu = deps.menus.byVersion(dropped.version) ?? (await deps.fetchVersion?.(dropped.version));
    if (menu) {
      deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, menu: menu.id, state: dropped.state }, 'offering to resume a dropped session');
      return settled(await offerResume(bindCommit(turn, key, deps), turn, menu, dropped, pointer), seen);
    }
  }

  const out = startSession(resolved.menu, { env, profile, dialParts: resolved.extra });
  logHop(deps.log, turn, undefined, resolved.menu, '', out);
  const replacedAt = replaced && !replaced.ended && !replaced.dropped ? replaced.at : undefined;
  return settled(await commit(turn, key, deps, resolved.menu, out, undefined, hopToken(turn), replacedAt === undefined ? {} : { replacedAt }, replaced), seen);
}

/** A lost compare-and-set hands what it found to the next attempt. */
function settled(stored: TurnResult | Conflict, seen: Seen, peeked?: SessionRecord): TurnResult | 'conflict' | 'unconfirmed' {
  if (!('current' in stored)) return stored;
  seen.next = stored;
  if (!peeked) return 'conflict';
  if (!stored.ownWrite) return 'unconfirmed';
  seen.firstHop ??= peeked.hop;
  return 'conflict';
}

function rateLimited(turn: UssdTurn, menu: CompiledMenu | undefined, deps: TurnDeps): TurnResult {
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, msisdn: maskMsisdn(turn.msisdn) }, 'rate limit reached for this number');
  return { reply: { text: textOf(menu, 'rateLimited'), end: true }, effects: [], outcome: { ended: 'rate-limited' } };
}

function bindCommit(turn: UssdTurn, key: string, deps: TurnDeps): Commit {
  return (menu, out, previous, token, resume) => commit(turn, key, deps, menu, out, previous, token, resume);
}

async function commit(
  turn: UssdTurn,
  key: string,
  deps: TurnDeps,
  menu: CompiledMenu,
  out: StepOutcome,
  previous: LiveRecord | undefined,
  token: string,
  resume: CommitResume = {},
  /** The stored session this fresh start replaces (sessions keyed by the number). */
  replaces?: SessionRecord,
): Promise<TurnResult | Conflict> {
  const expected = previous ?? replaces;
  const hop = (expected?.hop ?? 0) + 1;
  const now = turnClock(deps);
  const ended = out.screen.end;
  const next: SessionRecord = ended
    ? { ended: true, hop, reply: out.screen.text }
    : { ended: false, hop, at: now, version: menu.version, last: token, state: out.state, ctx: out.ctx, ...(resume.prompt ? { prompt: true as const } : {}) };
  const ttl = next.ended ? deps.config.ENDED_SESSION_TTL_SECONDS : liveTtl(menu, next.state, deps.config);
  const hasProfile = Object.keys(out.profile).length > 0;
  const trace = out.effects.length > 0 ? deps.traceCarrier?.() : undefined;
  const effects: PlannedEffect[] = out.effects.map((effect, i) => ({
    ...(trace ? { trace } : {}),
    id: effectId(turn.gateway, turn.sessionId, out.state, hop, i, Math.floor(now)),
    sessionKey: key,
    sessionId: turn.sessionId,
    msisdn: turn.msisdn,
    effect,
  }));
  // Gateways that report lost dialogues get their pointer when that happens (see keepForResume).
  const pointer = next.ended || turn.reportsDrops ? undefined : pointerWrite(menu, previous, next, deps.config);
  // All in one round trip: the compare-and-set (with the hop's effects into the session's outbox,
  // atomically), and the side keys (other shards on a Cluster).
  const sideWrites: Promise<unknown>[] = [];
  if (hasProfile) sideWrites.push(deps.store.saveProfile(menu.id, turn.msisdn, out.profile));
  if (pointer) sideWrites.push(deps.store.saveResumePointer(menu.id, turn.msisdn, key, pointer.ttl));
  if (next.ended && hop > 1 && !turn.reportsDrops && resumeWindow(menu, deps.config) > 0) sideWrites.push(deps.store.clearResumePointer(menu.id, turn.msisdn, key));
  if (resume.drop) sideWrites.push(deps.store.remove(resume.drop));
  // A reported drop's pointer has done its job once its session is picked up.
  if (resume.drop && turn.reportsDrops) sideWrites.push(deps.store.clearResumePointer(menu.id, turn.msisdn, resume.drop));
  const saving = deps.store.save(key, next, expected, ttl, effects, now);
  const saved = sideWrites.length === 0 ? await saving : (await Promise.all([saving, ...sideWrites]))[0];
  if (saved !== true) return saved;
  const replacedAt = previous?.at ?? resume.replacedAt;
  const outcome: TurnResult['outcome'] = previous ? {} : { started: true };
  if (replacedAt !== undefined) outcome.replacedAt = replacedAt;
  if (ended) outcome.ended = out.state === TOO_MANY ? 'too-many' : 'end';
  else outcome.storedAt = now;
  return { reply: out.screen, effects, outcome };
}

/** The version a session is pinned to, when this process does not hold it yet. */
async function pinnedMenu(record: LiveRecord, deps: TurnDeps): Promise<CompiledMenu> {
  const menu = await deps.fetchVersion?.(record.version);
  if (!menu) throw new Error(`menu version ${record.version} is neither loaded here nor stored in Redis`);
  return menu;
}

function expiredReply(turn: UssdTurn, deps: TurnDeps): Reply {
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway }, 'hop for a session that expired or never started');
  return { text: textOf(deps.menus.resolve(turn.serviceCode)?.menu, 'expired'), end: true };
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
