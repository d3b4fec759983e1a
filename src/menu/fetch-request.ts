import { evaluate, type CompiledFetch, type CompiledSource } from './model.js';
import type { Value } from './expressions/index.js';
import type { Lookup } from './template.js';

/**
 * What a step that reached a `fetch` needs, as data: the use case makes the call (through its
 * source port) and steps again with the answer. The menu never does I/O.
 */
export interface SourceRequest {
  source: CompiledSource;
  /** The fetch screen that asks. */
  screen: string;
  method: 'GET' | 'POST';
  /** Path and query (each inserted value URL-encoded), appended to the source's base URL. */
  target: string;
  /** The JSON body of a POST. */
  body: string | undefined;
  /** It carries a sensitive value: never cached, never logged. */
  sensitive?: true;
}

/** What came back: a 2xx JSON answer, or a failure of any kind (the fetch goes to `onError`). */
export type SourceAnswer = { ok: true; status: number; body: unknown } | { ok: false };

/** The request a fetch screen makes with the variables of this moment. */
export function fetchRequest(screen: CompiledFetch, lookup: Lookup): SourceRequest {
  // Expressions see the variables as they are; what they give is encoded (`{{ acct.id }}`, `{{ n + 1 }}`).
  let target = screen.path.render(lookup, encodeURIComponent);
  let separator = target.includes('?') ? '&' : '?';
  for (const [name, value] of screen.query) {
    target += `${separator}${name}=${encodeURIComponent(value.render(lookup))}`;
    separator = '&';
  }
  const body = screen.body && JSON.stringify(evaluate(screen.body, lookup));
  return { source: screen.source, screen: screen.id, method: screen.method, target, body, ...(screen.sensitive ? { sensitive: true as const } : {}) };
}

/**
 * Names a fetch's `set` reads besides the session's: `status` and `response`, the parsed JSON body
 * (`"=response.balance"`, `{{ response.name }}`).
 */
export function answerLookup(base: Lookup, status: number, body: unknown): Lookup {
  const response = body as Value;
  return (name) => (name === 'response' ? response : name === 'status' ? status : base(name));
}
