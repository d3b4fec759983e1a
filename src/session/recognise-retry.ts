import type { UssdTurn } from '../gateways/turn.js';
import { renderResume, renderSession, textOf, type CompiledMenu } from '../menu/engine.js';
import { hopInput, isRepeatedDial, type InputSecrecy } from './hop-input.js';
import type { LoadedSession } from './load-session.js';
import type { LiveRecord, SessionRecord } from './record.js';
import { isIdle } from './resume.js';
import { envOf } from './turn-env.js';
import { answer, type TurnDeps, type TurnResult } from './turn-types.js';

/** What the hop is, given what the session holds. */
export type Recognised =
  /** A hop answered before (or a session already over): answered again from the stored record. */
  | { kind: 'retry'; result: TurnResult; from: SessionRecord }
  /** A new input on a live session. */
  | { kind: 'input'; record: LiveRecord; menu: CompiledMenu; input: string; token: string }
  /** A dial that starts a session (replacing what a number-keyed session held). */
  | { kind: 'dial'; replaces?: SessionRecord }
  /** A hop on a session idle past SESSION_TTL, or on none at all. */
  | { kind: 'expired'; record?: LiveRecord };

/**
 * Tells a retry from a new hop. `firstSeenHop` is the hop stored when this request first saw the
 * session (known once it lost a compare-and-set): a concurrent twin of a latest-input hop.
 */
export async function recogniseRetry(turn: UssdTurn, loaded: LoadedSession, now: number, firstSeenHop: number | undefined, deps: TurnDeps): Promise<Recognised> {
  const stored = loaded.record;
  const windowSeconds = deps.config.DUPLICATE_WINDOW_MS / 1000;
  // A session keyed by the number starts afresh at a new dial (compare-and-set on the old one).
  if (turn.kind === 'start' && turn.keyedByNumber && stored && !isRepeatedDial(turn, stored, now, windowSeconds, deps.sealer)) return { kind: 'dial', replaces: stored };
  if (!stored) return loaded.route.kind === 'dial' ? { kind: 'dial' } : { kind: 'expired' };
  if (stored.ended) return { kind: 'retry', result: answer({ text: stored.reply, end: true }, { replayed: true }), from: stored };
  if (stored.dropped) return { kind: 'retry', result: answer({ text: textOf(deps.menus.byVersion(stored.version), 'ended'), end: true }, { replayed: true }), from: stored };
  // Idle past SESSION_TTL: expired. The record stays (untouched) only so that a new dial can resume it.
  if (isIdle(stored, now, deps.config)) return { kind: 'expired', record: stored };
  const menu = deps.menus.byVersion(stored.version) ?? (await pinnedMenu(stored, deps));
  const hop = turn.kind === 'start' ? { kind: 'repeat' as const } : hopInput(turn, stored, { now, windowSeconds, firstSeenHop }, secrecyOf(turn, stored, menu, deps));
  if (hop.kind === 'new') return { kind: 'input', record: stored, menu, input: hop.input, token: hop.token };
  const env = envOf(turn);
  const reply = stored.prompt ? renderResume(menu, stored, env) : renderSession(menu, stored, env);
  return { kind: 'retry', result: answer(reply, { replayed: true }), from: stored };
}

/** How the hop's input is kept: as a keyed token when it answers a sensitive input (not the resume prompt over one). */
function secrecyOf(turn: UssdTurn, record: LiveRecord, menu: CompiledMenu, deps: TurnDeps): InputSecrecy | undefined {
  const { sealer } = deps;
  // Whole-chain and numbered gateways keep a length or a number, never an input.
  if (!sealer || turn.chain !== undefined || turn.seq !== undefined) return undefined;
  const screen = menu.model.screens.get(record.state);
  // Over a sensitive screen, the resume prompt's answer too: a caller may type the PIN there.
  return { tokens: sealer, sensitive: screen?.kind === 'input' && screen.sensitive };
}

/** The version a session is pinned to, when this process does not hold it yet. */
async function pinnedMenu(record: LiveRecord, deps: TurnDeps): Promise<CompiledMenu> {
  const menu = await deps.fetchVersion?.(record.version);
  if (!menu) throw new Error(`menu version ${record.version} is neither loaded here nor stored in Redis`);
  return menu;
}
