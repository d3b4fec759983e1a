import type { HttpReply } from './codec.js';
import { dialDigits, editFields, jsonObject, sameKind, setXmlElement, trueLike, xmlElement, type Fields } from './legacy-edits.js';
import type { Reply } from './turn.js';

/** Where a `handoff` screen sent a session: what the legacy app must see on each later hop. */
export interface Handoff {
  /** The dial string the legacy app sees: the service code extended by the screen's `path` (`*384*3*1#`). */
  dial: string;
  /** The screen's `path` (`3*1`), or ''. */
  path: string;
  /**
   * How much of what the gateway counts belongs to this service's part of the session, cut from
   * every later hop: Africa's Talking, the length of the `text` chain at the hand-off (never the
   * chain: it holds the caller's inputs, a PIN among them); Hubtel, the `Sequence` before it.
   */
  cut: number;
}

/** A callback on its way to the legacy app: what a dialect may rewrite. */
export interface Outgoing {
  body: string;
  /** The query string without `?` (Flares over GET carries everything there). */
  query: string;
}

/**
 * What forwarding needs to know of a gateway's wire format: how a handed-off session's hop looks
 * to the legacy app (`rewrite`; `opens` on the hand-off hop itself: a new-session message), and how
 * to read the legacy app's screen from its reply (`screen`, for shadow comparison). Keyed by codec
 * name; a gateway without one is forwarded unchanged and never compared.
 */
export interface LegacyDialect {
  rewrite(hop: Outgoing, handoff: Handoff, opens: boolean): Outgoing;
  screen(reply: HttpReply): Reply | undefined;
}

/** Africa's Talking's `text` for the legacy app: `path`, then `path*<input>`, … (the chain here cut off). */
export function legacyChain(chain: string, h: Pick<Handoff, 'path' | 'cut'>): string {
  const rest = h.cut === 0 ? chain : chain.slice(h.cut + 1);
  return [h.path, rest].filter((s) => s !== '').join('*');
}

/** The menu's service code in a hand-off's dial string: `*384*3*1#` with path `3*1` is `*384#`. */
function menuCode(h: Handoff): string {
  return h.path ? `${h.dial.slice(0, -(h.path.length + 2))}#` : h.dial;
}

/** Gateways whose first message carries the dial string: on the hand-off hop, a new-session message; later hops as received. */
function dialOpens(open: (f: Fields, dial: string) => void): LegacyDialect['rewrite'] {
  return (hop, h, opens) => (opens ? { ...hop, body: editFields(hop.body, (f) => open(f, h.dial)) } : hop);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const isTrue = (v: unknown): boolean => v === true || /^(true|1)$/i.test(str(v));
const fromJson = (read: (o: Fields) => Reply | undefined) => (reply: HttpReply) => {
  const o = jsonObject(reply.body);
  return o && read(o);
};

const africasTalking: LegacyDialect = {
  rewrite: (hop, h) => ({
    ...hop,
    body: editFields(hop.body, (f) => {
      f.text = legacyChain(str(f.text), h);
      // The menu's code, as the table says: the gateway's may carry dial parts (a PIN among them).
      if (f.serviceCode !== undefined) f.serviceCode = menuCode(h);
    }),
  }),
  screen({ body }) {
    const m = /^(CON|END) ?([\s\S]*)$/.exec(body);
    return m ? { text: m[2] ?? '', end: m[1] === 'END' } : undefined;
  },
};

const hubtel: LegacyDialect = {
  rewrite: (hop, h, opens) => ({
    ...hop,
    body: editFields(hop.body, (f) => {
      if (f.Sequence !== undefined) f.Sequence = sameKind(f.Sequence, opens ? 1 : Number(f.Sequence) - h.cut);
      if (!opens) return;
      f.Type = 'Initiation';
      f.Message = h.dial;
    }),
  }),
  screen: fromJson((o) => (typeof o.Message === 'string' ? { text: o.Message, end: str(o.Type).toLowerCase() === 'release' } : undefined)),
};

const arkesel: LegacyDialect = {
  rewrite: dialOpens((f, dial) => {
    f.newSession = trueLike(f.newSession);
    f.userData = dial;
  }),
  screen: fromJson((o) => (typeof o.message === 'string' ? { text: o.message, end: !isTrue(o.continueSession) } : undefined)),
};

const nalo: LegacyDialect = {
  rewrite: dialOpens((f, dial) => {
    f.MSGTYPE = trueLike(f.MSGTYPE);
    f.USERDATA = dial;
  }),
  screen: fromJson((o) => (typeof o.MSG === 'string' ? { text: o.MSG, end: !isTrue(o.MSGTYPE) } : undefined)),
};

const beem: LegacyDialect = {
  // Beem names no dial string of its own; integrations that show one send `serviceCode`.
  rewrite: dialOpens((f, dial) => {
    f.command = 'initiate';
    f.serviceCode = dial;
    if (f.payload !== null && typeof f.payload === 'object') (f.payload as Fields).response = '0';
  }),
  screen: fromJson((o) => {
    const p = o.payload as Fields | undefined;
    return typeof p?.request === 'string' ? { text: p.request, end: str(o.command).toLowerCase() === 'terminate' } : undefined;
  }),
};

const truRoute: LegacyDialect = {
  rewrite: (hop, h, opens) => (opens ? { ...hop, body: setXmlElement(setXmlElement(hop.body, 'ussd', 'type', '1'), 'ussd', 'msg', h.dial) } : hop),
  screen({ body }) {
    const text = xmlElement(body, 'ussd', 'msg');
    return text === undefined ? undefined : { text, end: xmlElement(body, 'ussd', 'type') !== '2' };
  },
};

const flares: LegacyDialect = {
  rewrite(hop, h, opens) {
    if (!opens) return hop;
    const digits = dialDigits(h.dial);
    // Airtel Malawi's `<ussd>` marks no dial: a session id the legacy app never saw, with the code's digits, is one.
    if (!/<request[\s>]/.test(hop.body)) return { ...hop, body: setXmlElement(hop.body, 'ussd', 'subscriberInput', digits) };
    const sent = /<newRequest>\s*(true|false)\s*<\/newRequest>/i.test(hop.body) ? 'true' : '1';
    return { ...hop, body: setXmlElement(setXmlElement(hop.body, 'request', 'newRequest', sent), 'request', 'subscriberInput', digits) };
  },
  screen({ body }) {
    const text = xmlElement(body, 'response', 'applicationResponse');
    if (text === undefined) return undefined;
    const state = /<freeflowState>\s*(\w+)\s*<\/freeflowState>/.exec(body)?.[1];
    return { text, end: state !== 'FC' };
  },
};

const flaresGet: LegacyDialect = {
  rewrite: (hop, h, opens) => (opens ? { ...hop, query: editFields(hop.query, (f) => (f.input = dialDigits(h.dial))) } : hop),
  screen: (reply) => ({ text: reply.body, end: reply.headers.freeflow !== 'FC' }),
};

const madapi: LegacyDialect = {
  rewrite: dialOpens((f, dial) => {
    f.messageType = sameKind(f.messageType, 0);
    f.ussdString = dial;
  }),
  screen: fromJson((o) => {
    const d = o.data as Fields | undefined;
    return typeof d?.inboundResponse === 'string' ? { text: d.inboundResponse, end: str(d.messageType) === '2' || d.userInputRequired === false } : undefined;
  }),
};

/** By codec name. Emergent speaks Hubtel's shape and is served by its codec. */
const DIALECTS: ReadonlyMap<string, LegacyDialect> = new Map([
  ['africastalking', africasTalking],
  ['hubtel', hubtel],
  ['arkesel', arkesel],
  ['nalo', nalo],
  ['beem', beem],
  ['truroute', truRoute],
  ['flares', flares],
  ['flares-get', flaresGet],
  ['madapi', madapi],
]);

export function legacyDialect(codecName: string): LegacyDialect | undefined {
  return DIALECTS.get(codecName);
}
