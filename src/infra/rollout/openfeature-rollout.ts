import { randomUUID } from 'node:crypto';
import { OpenFeature, type Client, type Provider } from '@openfeature/server-sdk';
import type { Counter } from 'prom-client';
import type { CompiledMenu } from '../../menu/engine.js';
import type { RolloutPort, Side } from '../../session/legacy-port.js';
import type { Metrics } from '../metrics.js';
import { serveFlag, shadowFlag } from './file-rollout-provider.js';

/**
 * Rollout decisions through the OpenFeature server SDK, so the flag system is the operator's
 * choice. Each app binds its provider to a domain of its own (two apps in one process, as in the
 * tests, do not share one). Asked once per dial that starts a session where the gateway has a
 * legacy app; the session keeps the answer.
 */
export class OpenFeatureRollout implements RolloutPort {
  private readonly client: Client;
  private readonly domain = `ussd-rollout-${randomUUID()}`;
  private readonly decisions?: Counter<'menu' | 'side'>;

  constructor(provider: Provider, metrics?: Metrics) {
    OpenFeature.setProvider(this.domain, provider);
    this.client = OpenFeature.getClient(this.domain);
    this.decisions = metrics?.counter({
      name: 'ussd_rollout_decisions_total',
      help: 'Dials of a menu decided by its rollout, by menu and side: here (served by the menu) or legacy (forwarded).',
      labelNames: ['menu', 'side'],
    });
  }

  async side(menu: CompiledMenu, msisdn: string): Promise<Side> {
    const context = { targetingKey: `+${msisdn}`, menu: menu.id };
    // Should the flag system fail, a menu without a rollout in its file serves everyone, one with a rollout no one.
    const fallback = menu.model.menu.rollout === undefined;
    const here = await this.client.getBooleanValue(serveFlag(menu.id), fallback, context);
    const shadow = !here && (await this.client.getBooleanValue(shadowFlag(menu.id), false, context));
    this.decisions?.inc({ menu: menu.id, side: here ? 'here' : 'legacy' });
    return { here, shadow };
  }
}
