import type { Config } from '../config.js';
import type { Reply } from '../gateways/turn.js';
import type { CompiledMenu } from '../menu/engine.js';
import type { MenuRegistry } from '../menu/registry.js';
import type { Relayed, RolloutPort } from './legacy-port.js';
import type { PlannedEffect } from './planned-effect.js';
import type { Forwarding } from './record.js';
import type { ResumeConfig } from './resume.js';
import type { Sealer } from './sealer.js';
import type { SessionStore } from './session-store.js';
import type { DropReports } from './drop-reports.js';
import type { SourcePort } from './source-port.js';

/** The logging the use case needs (pino's logger has it). */
export interface TurnLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  isLevelEnabled(level: string): boolean;
}

export interface TurnDeps {
  store: SessionStore;
  /** Makes and matches keyed tokens of inputs on sensitive screens (the store seals their values); none: inputs are kept as typed (the terminal simulator). */
  sealer?: Pick<Sealer, 'token' | 'matches'>;
  /** Which gateways' end-of-session reports have been seen (absent: every gateway's turns are believed). */
  drops?: DropReports;
  menus: MenuRegistry;
  /** Compiles a version this process does not hold (another replica published it); only called on a miss. */
  fetchVersion?: (version: string) => Promise<CompiledMenu | undefined>;
  log: TurnLog;
  config: Pick<Config, 'SESSION_TTL_SECONDS' | 'ENDED_SESSION_TTL_SECONDS' | 'DUPLICATE_WINDOW_MS'> & Partial<Pick<Config, 'KEY_PREFIX'>> & ResumeConfig;
  /** RESPONSE_DEADLINE_MS when a deadline guard answers the turn (the callback's): late writes are refused. */
  deadlineMs?: number;
  /** Makes the calls of `fetch` screens (none: every fetch goes to its `onError`). */
  sources?: SourcePort;
  /** Seconds since the epoch, to a tenth (a parameter so tests can move time). */
  now?: () => number;
  /** The active trace context, for effects to carry through the outbox (set only when tracing is on). */
  traceCarrier?: () => Record<string, string> | undefined;
  /** Which side of a menu's rollout a dialling caller is on; asked only where the gateway has a legacy app. */
  rollout?: RolloutPort;
}

export type { PlannedEffect };

/** Why a session ended, for metrics and logs. */
/**
 * Set by the deadline guard once it has answered the caller busy: a hop whose write was stored in
 * time but confirmed after that is taken back (`storeStep`). A plain flag, not an AbortController:
 * one is made for every hop, and the guard is the only one to set it.
 */
export interface BusyAnswer {
  told: boolean;
}

export type EndReason = 'end' | 'user' | 'timeout' | 'too-many' | 'expired' | 'unknown-code' | 'unavailable' | 'rate-limited';

export interface TurnResult {
  reply: Reply;
  effects: PlannedEffect[];
  /** What this callback did to the session: started it, replayed a stored answer, resumed it, ended it (and why). */
  outcome: {
    started?: true;
    replayed?: true;
    resumed?: true;
    ended?: EndReason;
    /** The hop went to the legacy app (`relayed` holds its answer). */
    forwarded?: true;
    /** The screen this callback is about, for the per-screen funnel: shown on arrival, re-shown after an invalid input, or where the session ended. */
    screen?: ScreenMark;
  };
  /** The legacy app's answer, relayed unchanged; with what the session's marker says and its hop number. */
  relayed?: Relayed & { forwarding: Forwarding; hop: number };
}

/** A screen of a loaded menu version (so its labels stay bounded) and what happened on it. */
export interface ScreenMark {
  menu: string;
  id: string;
  /** The caller arrived at it this hop (not a page turn, a re-show or a replay). */
  arrived?: true;
  /** The input on it was refused. */
  invalid?: true;
}

/** An answer that stores nothing. */
export function answer(reply: Reply, outcome: TurnResult['outcome'] = {}): TurnResult {
  return { reply, effects: [], outcome };
}
