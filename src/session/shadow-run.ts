import { maskMsisdn } from '../gateways/mask-msisdn.js';
import type { Reply, UssdTurn } from '../gateways/turn.js';
import { answerSource, continueSession, startSession, type CompiledMenu, type StepOutcome } from '../menu/engine.js';
import { fitGsm7 } from '../menu/gsm7.js';
import type { MenuRegistry } from '../menu/registry.js';
import { maskNumbers, sameScreen } from './compare-screens.js';
import { dialToken, hopInput } from './hop-input.js';
import { shadowKey } from './keys.js';
import type { Relayed } from './legacy-port.js';
import { decodeRecord, encodeRecord, type Forwarding } from './record.js';
import type { Sealer } from './sealer.js';
import type { ShadowResult, ShadowStore } from './shadow-port.js';
import type { SessionStore } from './session-store.js';
import type { SourcePort } from './source-port.js';
import { envOf } from './turn-env.js';
import type { TurnLog } from './turn-types.js';

export interface ShadowDeps {
  menus: MenuRegistry;
  store: ShadowStore;
  /** Profiles are read (a menu's texts may show them), never written. */
  profiles: Pick<SessionStore, 'loadProfile'>;
  sources?: SourcePort;
  /** Sensitive values are sealed here as in sessions, and inputs kept only as keyed tokens. */
  sealer: Sealer;
  log: TurnLog;
  config: { SESSION_TTL_SECONDS: number; KEY_PREFIX: string; RESPONSE_DEADLINE_MS: number };
  /** Seconds since the epoch. */
  now: () => number;
}

/** A forwarded hop whose legacy reply a shadow run compares with. */
export type ShadowedHop = Relayed & { forwarding: Forwarding; hop: number };

/**
 * A shadow run of one hop: steps the menu the caller's rollout left them off with the same input,
 * and compares its screen with the legacy reply. Silent: effects and profile writes are decided
 * and dropped, a `POST` fetch stops the run for the session (it would change something
 * somewhere), a `handoff` ends it (the legacy app serves from there anyway). Its state lives under
 * `shadowKey`, expiring like a session. Undefined: nothing was compared (no reply to read, a
 * retried hop, a run stopped or gone).
 */
export async function runShadow(turn: UssdTurn, relayed: ShadowedHop, deps: ShadowDeps): Promise<ShadowResult | undefined> {
  const menuId = relayed.forwarding.menu;
  // A legacy app that failed answered nothing to compare (the caller got the unavailable END).
  if (!relayed.forwarding.shadow || menuId === undefined || !relayed.ok || turn.kind === 'end' || turn.kind === 'timeout') return undefined;
  const key = shadowKey(turn.gateway, turn.sessionId, deps.config.KEY_PREFIX);
  const now = deps.now();
  const stepped = turn.kind === 'start' || relayed.hop === 1 ? await dial(turn, menuId, deps) : await answer(turn, key, relayed.hop, now, deps);
  if (!stepped) return undefined;
  const { menu, token } = stepped;
  let out = stepped.out;
  while (out.needs) {
    if (out.needs.method === 'POST') return stop(turn, key, menu, out.needs.screen, 'a POST fetch', deps);
    const answered = deps.sources ? await deps.sources.call(out.needs, { key: '', deadlineAt: Date.now() + deps.config.RESPONSE_DEADLINE_MS, sessionId: turn.sessionId }) : { ok: false as const };
    out = answerSource(menu, out, answered, envOf(turn));
  }
  if (out.handoff) return stop(turn, key, menu, out.state, 'a handoff', deps);
  if (out.screen.end) await deps.store.remove(key);
  else await deps.store.save(key, encodeRecord({ ended: false, hop: relayed.hop, at: now, version: menu.version, last: token, state: out.state, ctx: out.ctx }, menu.stateCodec, deps.sealer), deps.config.SESSION_TTL_SECONDS);
  // Stepped and saved all the same, so the next hop compares from the right screen.
  if (!relayed.screen) return unreadable(turn, menu, deps);
  const here: Reply = turn.pageSize === undefined ? out.screen : { text: fitGsm7(out.screen.text, turn.pageSize), end: out.screen.end };
  if (sameScreen(here, relayed.screen)) return 'match';
  deps.log.warn(
    { sessionId: turn.sessionId, gateway: turn.gateway, msisdn: maskMsisdn(turn.msisdn), menu: menu.id, screen: out.state, hop: relayed.hop, here: maskNumbers(here.text), legacy: maskNumbers(relayed.screen.text) },
    'shadow run differs from the legacy app',
  );
  return 'mismatch';
}

interface Stepped {
  menu: CompiledMenu;
  out: StepOutcome;
  token: string;
}

async function dial(turn: UssdTurn, menuId: string, deps: ShadowDeps): Promise<Stepped | undefined> {
  const resolved = deps.menus.resolve(turn.serviceCode || (turn.dialIfNew ?? ''));
  if (resolved?.menu.id !== menuId) return undefined;
  const { menu, extra } = resolved;
  const reads = menu.model.profileReads;
  const profile = reads.length > 0 ? await deps.profiles.loadProfile(menu.id, turn.msisdn, reads) : undefined;
  return { menu, out: startSession(menu, { env: envOf(turn), profile, dialParts: extra }), token: dialToken(turn, (t) => deps.sealer.token(t)) };
}

/** Hop `hop` (the forwarded session's count) stepped from the state the run of hop `hop - 1` saved. */
async function answer(turn: UssdTurn, key: string, hop: number, now: number, deps: ShadowDeps): Promise<Stepped | undefined> {
  const raw = await deps.store.load(key);
  if (raw === undefined) return undefined;
  const record = await decodeRecord(raw, (v) => deps.menus.byVersion(v)?.stateCodec, now, deps.sealer);
  const menu = record.ended ? undefined : deps.menus.byVersion(record.version);
  if (record.ended || !menu) return undefined;
  // Only new inputs matter here, so every one is kept as a keyed token: never an input in clear.
  const input = hopInput(turn, record, { now, windowSeconds: 0, firstSeenHop: undefined }, { tokens: deps.sealer, sensitive: true });
  if (input.kind === 'repeat') {
    // The legacy app answers a gateway's retry itself; the state counts it, so the next hop follows on.
    if (record.hop === hop - 1) await deps.store.save(key, encodeRecord({ ...record, hop }, menu.stateCodec, deps.sealer), deps.config.SESSION_TTL_SECONDS);
    return undefined;
  }
  if (record.hop !== hop - 1) {
    // A run in between never ran (dropped under load, or left to another replica): stepping on from
    // this state would compare screens the caller never reached. The session's shadow ends here.
    await deps.store.remove(key);
    return undefined;
  }
  return { menu, out: continueSession(menu, record, input.input, envOf(turn)), token: input.token };
}

function unreadable(turn: UssdTurn, menu: CompiledMenu, deps: ShadowDeps): ShadowResult {
  deps.log.warn({ sessionId: turn.sessionId, gateway: turn.gateway, menu: menu.id }, "shadow run could not read the legacy app's reply in the gateway's format");
  return 'error';
}

async function stop(turn: UssdTurn, key: string, menu: CompiledMenu, screen: string, why: string, deps: ShadowDeps): Promise<undefined> {
  await deps.store.remove(key);
  deps.log.info({ sessionId: turn.sessionId, gateway: turn.gateway, menu: menu.id, screen }, `shadow run stopped at ${why}: nothing more of this session is compared`);
  return undefined;
}
