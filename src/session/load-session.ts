import type { UssdTurn } from '../gateways/turn.js';
import type { Resolved } from '../menu/registry.js';
import type { MenuRegistry } from '../menu/registry.js';
import { forwardingIn } from './forward-session.js';
import { forwardingOf, type Side } from './legacy-port.js';
import type { Forwarding, SessionRecord } from './record.js';
import { resumeWindow } from './resume.js';
import type { TurnDeps } from './turn-types.js';

/** Where a turn goes before any session is read: a menu dialled, a hop of a session, or nowhere. */
export type Route = { kind: 'dial'; dialled: Resolved } | { kind: 'hop' } | { kind: 'unknown-code' };

/** What the hop's one read brought back. */
export interface LoadedSession {
  route: Route;
  record: SessionRecord | undefined;
  /** At a dial: the caller's profile fields the menu reads. */
  profile?: Record<string, string>;
  /** At a dial of a menu that resumes: the key of the caller's session that may be resumed. */
  pointer?: string;
  /** The per-number rate limit's answer (none: not limited). */
  admitted: boolean;
  /** The session is (or, at this dial, goes) to the legacy app: decided in the same round trip as the load. */
  forwarding?: Forwarding;
}

export function routeTurn(turn: UssdTurn, menus: MenuRegistry): Route {
  const dial = turn.kind === 'start' ? turn.serviceCode : turn.dialIfNew;
  const dialled = dial === undefined ? undefined : menus.resolve(dial);
  if (dialled) return { kind: 'dial', dialled };
  return turn.kind === 'start' ? { kind: 'unknown-code' } : { kind: 'hop' };
}

/**
 * One round trip: the session, and at a dial the caller's profile and resume pointer alongside;
 * `admission` (the rate limit, issued by the caller just before) is awaited with it, and so is,
 * when due, a check of whether the gateway's drop reports reach us (`DropReports`). A hop of a
 * session steps from what the store recalls (the compare-and-set confirms it).
 */
export async function loadSession(turn: UssdTurn, key: string, route: Route, now: number, deps: TurnDeps, admission?: Promise<boolean>, legacy?: boolean): Promise<LoadedSession> {
  const { store } = deps;
  if (route.kind !== 'dial') {
    const [record, admitted] = admission ? await Promise.all([store.recall(key, now), admission]) : [await store.recall(key, now), true];
    // A gateway that does not mark the dial (Flares over GET): an unclaimed one is the legacy app's.
    const forwarding = forwardingIn(record) ?? (legacy && !record && turn.dialIfNew !== undefined ? {} : undefined);
    return { route, record, admitted: admitted !== false, ...(forwarding ? { forwarding } : {}) };
  }
  const { menu, extra } = route.dialled;
  const reads = menu.model.profileReads;
  // A dial with extra parts goes where they say: no resume prompt in the way.
  const mayResume = extra.length === 0 && resumeWindow(menu, deps.config) > 0;
  const [record, profile, pointer, admitted, side] = await Promise.all([
    store.load(key, now),
    reads.length > 0 ? store.loadProfile(menu.id, turn.msisdn, reads) : undefined,
    mayResume ? store.loadResumePointer(menu.id, turn.msisdn) : undefined,
    admission,
    legacy ? deps.rollout?.side(menu, turn.msisdn) : undefined,
    turn.reportsDrops ? deps.drops?.refresh(turn.gateway) : undefined,
  ]);
  const forwarding = sideOf(turn, record, side, route.dialled);
  return { route, record, admitted: admitted !== false, ...(profile ? { profile } : {}), ...(pointer ? { pointer } : {}), ...(forwarding ? { forwarding } : {}) };
}

/** A session keeps its side: the rollout decides only for a dial that starts one. */
function sideOf(turn: UssdTurn, record: SessionRecord | undefined, side: Side | undefined, dialled: Resolved): Forwarding | undefined {
  const startsAfresh = !record || (turn.keyedByNumber === true && turn.kind === 'start');
  if (!startsAfresh) return forwardingIn(record);
  return side ? forwardingOf(dialled.menu, side) : undefined;
}
