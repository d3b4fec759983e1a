import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { UssdTurn } from '../gateways/turn.js';
import { createLogger } from '../infra/logger.js';
import { septetLength } from '../menu/gsm7.js';
import type { MenuRegistry } from '../menu/registry.js';
import { handleTurn } from '../session/handle-turn.js';
import { MemorySessionStore } from '../session/memory-session-store.js';
import type { SourcePort } from '../session/source-port.js';
import { stateCodecsOf } from '../session/state-codecs.js';

export interface Screen {
  kind: 'CON' | 'END';
  text: string;
  septets: number;
}

/**
 * A handset on an Africa's Talking-style gateway, running the service's own use case in this
 * process against an in-memory store: every input goes through `handleTurn` as a real hop would.
 */
export class SimulatedPhone {
  private readonly store: MemorySessionStore;
  private readonly log = createLogger('silent');
  private sessionId = '';
  private chain: string[] = [];

  constructor(
    private readonly menus: MenuRegistry,
    private readonly config: Config,
    private readonly msisdn = '254700000000',
    /** Where `fetch` screens call their sources (without one, every fetch goes to its `onError`). */
    private readonly sources?: SourcePort,
  ) {
    this.store = new MemorySessionStore(stateCodecsOf(menus));
  }

  /** Dials `code` (a service code, possibly with extra parts such as `*384*1#`): a new session. */
  dial(code: string): Promise<Screen> {
    this.sessionId = `sim-${randomUUID()}`;
    this.chain = [];
    return this.send(code, 'start', '');
  }

  /** Sends one input on the current session. */
  reply(code: string, input: string): Promise<Screen> {
    this.chain.push(input);
    return this.send(code, 'continue', input);
  }

  private async send(serviceCode: string, kind: UssdTurn['kind'], input: string): Promise<Screen> {
    const chain = this.chain.join('*');
    const turn: UssdTurn = { gateway: 'sim', sessionId: this.sessionId, msisdn: this.msisdn, serviceCode, kind, input, chain };
    const { reply } = await handleTurn(turn, { store: this.store, menus: this.menus, log: this.log, config: this.config, ...(this.sources ? { sources: this.sources } : {}) });
    return { kind: reply.end ? 'END' : 'CON', text: reply.text, septets: septetLength(reply.text) };
  }
}
