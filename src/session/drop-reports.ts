import type { UssdTurn } from '../gateways/turn.js';

/**
 * Whether a gateway's end-of-session reports actually reach this service. A gateway may report
 * lost dialogues (`reportsDrops` on its turns) only when configured to: Africa's Talking sends
 * them to a separate end-of-session notification URL, which an operator may never have set. Until
 * one has arrived, that gateway's sessions get resume pointers with their hops, as on a gateway
 * that never reports drops. The answer is remembered in Redis, so replicas agree.
 */
export interface DropReports {
  /** What this process knows now, without a read: true once a report from `gateway` was seen. */
  seen(gateway: string): boolean;
  /**
   * A read of what Redis remembers, when this process's answer is due a check (else undefined):
   * issued with a dial's other reads, so it travels in their round trip.
   */
  refresh(gateway: string): Promise<void> | undefined;
  /** An end-of-session report arrived from `gateway`. */
  note(gateway: string): Promise<void>;
}

/** The gateway reports this turn's session if its dialogue is lost: it says it does, and it has been seen to. */
export function dropsReported(turn: UssdTurn, drops: DropReports | undefined): boolean {
  return turn.reportsDrops === true && (drops?.seen(turn.gateway) ?? true);
}
