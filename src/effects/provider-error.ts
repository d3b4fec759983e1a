/**
 * How a provider call failed, classified once:
 * - `rejected`: the provider said no for good (402 declined, other 4xx): final, not retried,
 *   and not the provider's fault, so it does not count against its breaker;
 * - `in-progress`: 409, a request with this idempotency key is still running: retried with
 *   backoff. Each effect is one job, worked on by one worker at a time, so the request still
 *   running is an earlier attempt of ours that timed out: the provider is slow, and this counts
 *   against its breaker (a half-open probe that meets a 409 must not close it);
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

/** Errors a breaker must not count: the provider answered, and its answer is final. */
export function isBusinessOutcome(err: unknown): boolean {
  return err instanceof ProviderError && err.failure === 'rejected';
}
