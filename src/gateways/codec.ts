import type { IncomingHttpHeaders } from 'node:http';
import type { Reply, UssdTurn } from './turn.js';

/** A callback as it arrived, before any parsing: both HTTP front ends build this. */
export interface RawRequest {
  method: string;
  /** The query string without `?` (empty when none). */
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as they came (any content encoding undone): a legacy app is forwarded these, never `body` re-encoded. */
  bytes?: Buffer;
  /** The TCP peer's address (a proxy's, behind one): callback security checks it. */
  remoteAddress?: string;
}

/** What goes back on the wire. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Relayed from a legacy app: its headers go out exactly as they came (no charset added). */
  verbatim?: true;
  /** Relayed from a legacy app: the body's bytes as they came (`body` is their text, read by the reply's charset). */
  bytes?: Buffer;
}

export type Parsed<T> = { ok: true; turn: UssdTurn; request: T } | { ok: false; problems: string[] };

/**
 * One gateway's wire format. Adding a gateway is one codec file plus one line in `registry.ts`.
 * `parse` validates with the codec's zod schema; `render` answers in the gateway's own format,
 * built from the parsed request (gateways that need fields echoed get them).
 */
export interface GatewayCodec<T = unknown> {
  /** Route name: the callback is served at `path`. */
  name: string;
  path: string;
  /** `GATEWAY_<envName>_*` variables configure it (endpoints of one gateway share a name). */
  envName: string;
  method: 'POST' | 'GET';
  /** Longest reply text the gateway carries, in GSM-7 septets (`GATEWAY_<envName>_MAX_CHARS` overrides it). */
  maxChars: number;
  /** The endpoint only hears that sessions ended (Africa's Talking's events URL): nothing to forward to a legacy app. */
  notificationsOnly?: true;
  parse(raw: RawRequest): Parsed<T>;
  render(reply: Reply, request: T): HttpReply;
}
