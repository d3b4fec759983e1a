import { UnrecoverableError } from 'bullmq';

/**
 * The provider's final answer (a 402 decline, another 4xx, a call never sent): the job fails at
 * once, not retried. A business outcome, not a failure of ours: it is counted as `rejected` and
 * logged at warn. Every other final failure (BullMQ failing a job that stalled too often, a job
 * that is not an effect, every attempt spent) is `failed`, which alerts.
 */
export class ProviderRefusal extends UnrecoverableError {}

export function isProviderRefusal(err: unknown): boolean {
  return err instanceof ProviderRefusal;
}
