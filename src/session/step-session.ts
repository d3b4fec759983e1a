import { maskMsisdn } from '../gateways/mask-msisdn.js';
import type { Reply, UssdTurn } from '../gateways/turn.js';
import { continueSession, startSession, textOf, type CompiledMenu, type StepOutcome } from '../menu/engine.js';
import { stepped, type Stepped } from './answer-need.js';
import { keepForResume } from './end-session.js';
import { dialToken } from './hop-input.js';
import type { LoadedSession } from './load-session.js';
import type { Recognised } from './recognise-retry.js';
import type { LiveRecord } from './record.js';
import { isResumable } from './resume.js';
import { answerResumePrompt, offerResume } from './resume-prompt.js';
import type { SessionWrite } from './session-write.js';
import { logFailures } from './log-failures.js';
import { envOf } from './turn-env.js';
import { answer, type TurnDeps, type TurnLog, type TurnResult } from './turn-types.js';

/** What stepping a hop decided: an answer that stores nothing, a write to store, or a write that first needs a source's answer. */
export type Step = { kind: 'answer'; result: TurnResult } | Stepped;

/** Steps the session's machine for a new hop (anything but a retry). */
export async function stepSession(turn: UssdTurn, key: string, loaded: LoadedSession, hop: Exclude<Recognised, { kind: 'retry' }>, now: number, deps: TurnDeps): Promise<Step> {
  const env = envOf(turn);
  if (hop.kind === 'expired') {
    if (hop.record) await keepForResume(turn, key, hop.record, now, deps);
    return { kind: 'answer', result: answer(expiredReply(turn, deps), { ended: 'expired' }) };
  }
  if (hop.kind === 'input') {
    const { record, menu } = hop;
    if (record.prompt) return stepped(await answerResumePrompt(deps, env, menu, record, hop));
    const out = continueSession(menu, record, hop.input, env);
    logHop(deps.log, turn, record, menu, hop.input, out);
    return stepped({ menu, out, from: record, token: hop.token });
  }
  if (loaded.route.kind !== 'dial') throw new Error('a dial without a dialled menu');
  const offer = await resumeOffer(turn, key, loaded, now, deps);
  if (offer) return { kind: 'store', write: offer };
  const { menu, extra } = loaded.route.dialled;
  const out = startSession(menu, { env, profile: loaded.profile, dialParts: extra });
  logHop(deps.log, turn, undefined, menu, '', out);
  const { sealer } = deps;
  const keyed = sealer && extra.length > 0 && menu.model.sensitive.size > 0 ? (input: string) => sealer.token(input) : undefined;
  return stepped({ menu, out, token: dialToken(turn, keyed), ...(hop.replaces ? { replaces: hop.replaces } : {}) });
}

/** At a dial, the caller's dropped session, offered for a resume when it still can be. */
async function resumeOffer(turn: UssdTurn, key: string, loaded: LoadedSession, now: number, deps: TurnDeps): Promise<SessionWrite | undefined> {
  const { pointer, route } = loaded;
  // Only a caller with a session off its start screen has a pointer: the common dial skips this read.
  if (pointer === undefined || pointer === key || route.kind !== 'dial') return undefined;
  const dropped = await deps.store.load(pointer, now);
  if (!dropped || dropped.ended) return undefined;
  // Judged on the version the session is on: the current one may start, or resume, elsewhere.
  const menu = deps.menus.byVersion(dropped.version) ?? (await deps.fetchVersion?.(dropped.version));
  if (!menu || !isResumable(dropped, menu, now, deps.config)) return undefined;
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, menu: menu.id, state: dropped.state }, 'offering to resume a dropped session');
  return offerResume(turn, menu, dropped, pointer);
}

function expiredReply(turn: UssdTurn, deps: TurnDeps): Reply {
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway }, 'hop for a session that expired or never started');
  return { text: textOf(deps.menus.resolve(turn.serviceCode)?.menu, 'expired'), end: true };
}

function logHop(log: TurnLog, turn: UssdTurn, from: LiveRecord | undefined, menu: CompiledMenu, input: string, out: StepOutcome): void {
  logFailures(log, turn, menu.model, out.failures);
  if (!log.isLevelEnabled('debug')) return;
  const screen = from ? menu.model.screens.get(from.state) : undefined;
  const secret = screen?.kind === 'input' && screen.sensitive && !from?.prompt;
  log.debug(
    { sessionId: turn.sessionId, gateway: turn.gateway, msisdn: maskMsisdn(turn.msisdn), hop: (from?.hop ?? 0) + 1, from: from?.state, to: out.state, input: secret ? '[hidden]' : input, end: out.screen.end },
    'hop',
  );
}
