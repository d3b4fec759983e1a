import type { Config } from '../config.js';
import type { CompiledMenu } from '../menu/engine.js';
import type { LiveRecord, SessionRecord } from './record.js';

/**
 * Resuming a dropped session (spec: `resume`, RESUME_WINDOW_SECONDS).
 *
 * A session off its start screen is stored with a Redis TTL of SESSION_TTL + RESUME_WINDOW, but
 * behaves as expired once it has been idle for SESSION_TTL (judged from the time of its last hop,
 * `at`); the longer TTL only keeps it for a resume. A pointer `ussd:r:{<menu>:<msisdn>}` names
 * the caller's session so a new dial can find it.
 */
export type ResumeConfig = Pick<Config, 'SESSION_TTL_SECONDS'> & Partial<Pick<Config, 'RESUME_WINDOW_SECONDS'>>;

/**
 * The pointer is written when a session leaves its start screen and then every few hops, not on
 * every hop. Hops are at most SESSION_TTL apart (a later one finds the session expired), so a TTL
 * of that many hops' worth of SESSION_TTL plus the window keeps it alive until the window closes.
 */
const POINTER_REFRESH_HOPS = 4;

/** Seconds a dropped session of `menu` stays resumable; 0 when resume is off. */
export function resumeWindow(menu: CompiledMenu, config: ResumeConfig): number {
  return menu.model.menu.resume ? (config.RESUME_WINDOW_SECONDS ?? 0) : 0;
}

/** Seconds until a dropped session's resume window closes (at least 1): its record's and pointer's TTL. */
export function resumeTtl(record: LiveRecord, menu: CompiledMenu, now: number, config: ResumeConfig): number {
  return Math.max(1, Math.ceil(record.at + config.SESSION_TTL_SECONDS + resumeWindow(menu, config) - now));
}

/** Idle for longer than SESSION_TTL: the session has expired for every purpose but a resume. */
export function isIdle(record: LiveRecord, now: number, config: ResumeConfig): boolean {
  return now - record.at > config.SESSION_TTL_SECONDS;
}

/**
 * A session worth offering to resume at a new dial: live, off the start screen, within the window.
 * It need not have been idle for SESSION_TTL yet: a handset holds one USSD dialogue at a time, so
 * a new dial from the same phone means the old dialogue is gone.
 */
export function isResumable(record: SessionRecord | undefined, menu: CompiledMenu, now: number, config: ResumeConfig): record is LiveRecord {
  if (!record || record.ended || menu.model.startScreens.has(record.state)) return false;
  return now - record.at <= config.SESSION_TTL_SECONDS + resumeWindow(menu, config);
}

/** Redis TTL of a live record on `state`. */
export function liveTtl(menu: CompiledMenu, state: string, config: ResumeConfig): number {
  const window = resumeWindow(menu, config);
  return window > 0 && !menu.model.startScreens.has(state) ? config.SESSION_TTL_SECONDS + window : config.SESSION_TTL_SECONDS;
}

/** The pointer to write with this hop's record, if one is due. */
export function pointerWrite(menu: CompiledMenu, previous: LiveRecord | undefined, next: LiveRecord, config: ResumeConfig): { ttl: number } | undefined {
  const window = resumeWindow(menu, config);
  if (window === 0 || menu.model.startScreens.has(next.state)) return undefined;
  const due = !previous || menu.model.startScreens.has(previous.state) || previous.prompt === true || next.hop % POINTER_REFRESH_HOPS === 0;
  return due ? { ttl: POINTER_REFRESH_HOPS * config.SESSION_TTL_SECONDS + window } : undefined;
}
