import type { HttpReply } from '../gateways/codec.js';
import type { Reply } from '../gateways/turn.js';
import type { CompiledMenu } from '../menu/engine.js';
import type { Handoff } from '../gateways/legacy-dialects.js';
import type { Forwarding } from './record.js';

/** One hop on its way to the legacy app: a handed-off session's hops are rewritten by the adapter. */
export interface RelayHop {
  handoff?: Handoff;
  /** The session's first forwarded hop (for a hand-off: the new-session message with the extended dial string). */
  opens: boolean;
}

/** The legacy app's answer as the gateway gets it; `screen`: its text (when the gateway's reply can be read), for shadow runs. */
export interface Relayed {
  reply: HttpReply;
  ok: boolean;
  screen?: Reply;
}

/**
 * Sends this callback on to the legacy app. Built per callback by the delivery layer, and only
 * for a gateway with `LEGACY_<GATEWAY>_URL`; never rejects: a failure is relayed as the polite END.
 */
export type Relay = (hop: RelayHop) => Promise<Relayed>;

/** Which side of a menu's rollout a caller dialling it is on. */
export interface Side {
  here: boolean;
  /** Left on the legacy side of a menu with `shadow`: the menu also runs silently. */
  shadow: boolean;
}

/** Decides sides (OpenFeature behind it: `infra/rollout/`). */
export interface RolloutPort {
  side(menu: CompiledMenu, msisdn: string): Promise<Side>;
}

/** The forwarding a dial of `menu` gets, or none when the caller is served here. */
export function forwardingOf(menu: CompiledMenu, side: Side): Forwarding | undefined {
  if (side.here) return undefined;
  return side.shadow ? { menu: menu.id, shadow: true } : { menu: menu.id };
}
