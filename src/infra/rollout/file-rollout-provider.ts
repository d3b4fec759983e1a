import { ErrorCode, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import type { Rollout } from '../../menu/schema.js';
import { bucketOf } from './bucket.js';
import type { RolloutOverrides } from './rollout-overrides.js';

/** `menu.<id>.serve` (this caller is served here) and `menu.<id>.shadow` (a legacy-side caller also runs the menu silently). */
const FLAG = /^menu\.([a-z0-9-]+)\.(serve|shadow)$/;

export const serveFlag = (menuId: string): string => `menu.${menuId}.serve`;
export const shadowFlag = (menuId: string): string => `menu.${menuId}.shadow`;

/**
 * The built-in OpenFeature provider: each menu file's `rollout`, with the operators' overrides
 * (admin API, kept in Redis) laid over it. The evaluation context's `targetingKey` is the caller's
 * E.164 number. An operator who runs Unleash, Flagsmith or flagd registers that provider instead
 * and defines the two flags per menu there (docs/migration.md, "Another flag system").
 */
export class FileRolloutProvider implements Provider {
  readonly metadata = { name: 'ussd-menu-rollout' } as const;
  readonly runsOn = 'server' as const;

  constructor(
    private readonly fileRollout: (menuId: string) => Rollout | undefined,
    private readonly overrides: RolloutOverrides,
  ) {}

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    const m = FLAG.exec(flagKey);
    if (!m) return Promise.resolve(notFound(defaultValue));
    const [, menuId = '', which] = m;
    const rollout = this.overrides.inForce(menuId, this.fileRollout(menuId));
    if (which === 'shadow') return Promise.resolve({ value: rollout.shadow, reason: 'STATIC', variant: rollout.from });
    const number = context.targetingKey ?? '';
    if (rollout.allow.includes(number)) return Promise.resolve({ value: true, reason: 'TARGETING_MATCH', variant: rollout.from });
    return Promise.resolve({ value: bucketOf(menuId, number) < rollout.share, reason: 'SPLIT', variant: rollout.from });
  }

  resolveStringEvaluation(_flagKey: string, defaultValue: string): Promise<ResolutionDetails<string>> {
    return Promise.resolve(notFound(defaultValue));
  }

  resolveNumberEvaluation(_flagKey: string, defaultValue: number): Promise<ResolutionDetails<number>> {
    return Promise.resolve(notFound(defaultValue));
  }

  resolveObjectEvaluation<T extends JsonValue>(_flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    return Promise.resolve(notFound(defaultValue));
  }
}

function notFound<T>(value: T): ResolutionDetails<T> {
  return { value, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND };
}
