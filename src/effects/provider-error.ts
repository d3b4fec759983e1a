/**
 * How a provider call failed, classified once:
 * - `rejected`: the provider said no for good (402 declined, other 4xx): final, not retried,
 *   and not the provider's fault, so it does not count against its breaker;
 * - `in-progress`: 409, a request with this idempotency key is still running: retried later,
 *   not a breaker failure either;
 * - `unavailable`: 5xx, 408, 429, a timeout or no answer: retried with backoff, counts against the breaker.
 */
export type ProviderFailure = 'rejected' | 'in-progress' | 'unavailable';

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export function classifyStatus(status: number): ProviderFailure | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 409) return 'in-progress';
  if (status === 408 || status === 429) return 'unavailable';
  if (status >= 400 && status < 500) return 'rejected';
  return 'unavailable';
}

/** Errors a breaker must not count: the provider answered, and answered clearly. */
export function isBusinessOutcome(err: unknown): boolean {
  return err instanceof ProviderError && err.failure !== 'unavailable';
}
