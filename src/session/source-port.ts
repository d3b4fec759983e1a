import type { SourceAnswer, SourceRequest } from '../menu/fetch-request.js';

export type { SourceAnswer, SourceRequest };

/** What the use case tells the source port about the hop a call belongs to. */
export interface SourceCall {
  /** `Idempotency-Key` of a POST (empty for a GET): the same for every attempt at this hop (a gateway's retry too). */
  key: string;
  /** When the call must be over, in milliseconds since the epoch (Infinity: no deadline guard): the hop's deadline less its margin. */
  deadlineAt: number;
  /** For the logs. */
  sessionId: string;
}

/**
 * Makes the call a `fetch` screen describes (`src/sources/` is the adapter: HTTP, breaker, cache,
 * metrics). Never throws: a failure of any kind, an open breaker or no time left is `{ ok: false }`,
 * and the fetch goes to `onError`.
 */
export interface SourcePort {
  call(request: SourceRequest, hop: SourceCall): Promise<SourceAnswer>;
}
