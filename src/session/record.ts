import type { Value } from '../menu/expressions/index.js';
import type { Ctx } from '../menu/model.js';
import type { StateCodec } from '../menu/state-codec.js';
import type { Handoff } from '../gateways/legacy-dialects.js';
import { SEALED_PREFIX, UnsealableError, type Sealer } from './sealer.js';

/** A session in progress: enough to restore its machine and to recognise a retried hop. */
export interface LiveRecord {
  ended: false;
  /** Hops answered so far (the dial is hop 1). Compare-and-set is on this number. */
  hop: number;
  /** When the last hop was answered, in seconds since the epoch (kept to a tenth of a second). */
  at: number;
  /** The menu version (content hash) the session started on. */
  version: string;
  /** What identifies the last hop: the input chain's length (`#7`), a gateway sequence, or the last input. */
  last: string;
  state: string;
  ctx: Ctx;
  /** The session is showing the resume prompt over `state` (copied from a dropped session). */
  prompt?: true;
  /** The gateway reported the dialogue lost (a timeout): no more hops, but a new dial may resume it. */
  dropped?: true;
}

/** A session that has ended: kept a little while so a late retry gets the same final reply. */
export interface EndedRecord {
  ended: true;
  hop: number;
  reply: string;
  /**
   * When and by what a dial that ended its session at once was answered, on a session keyed by the
   * caller's number: so the gateway's duplicate of that dial is recognised (`isRepeatedDial`) rather
   * than taken for a new session, which would decide its effects again.
   */
  at?: number;
  last?: string;
  /**
   * The session is the legacy app's: every hop goes there (`session/forward-session.ts`). Kept as an
   * ended record so nothing here ever steps it, counts it live or offers to resume it.
   */
  forwarded?: Forwarding;
}

/** What a forwarded session keeps to route its later hops (nothing of the caller's inputs). */
export interface Forwarding {
  /** The menu whose rollout left the caller on the legacy side (shadow runs step it). */
  menu?: string;
  shadow?: true;
  /** Handed off by a `handoff` screen: how to rewrite each hop for the legacy app. */
  handoff?: Handoff;
}


export type SessionRecord = LiveRecord | EndedRecord;

/** Finds the state codec of a menu version (a registry look-up, or a fetch of a version this replica never loaded). */
export type StateCodecs = (version: string) => StateCodec | undefined | Promise<StateCodec | undefined>;

/*
 * One JSON array per session, hop first (every write counts one up):
 *   live:  [hop, "at version[.mark]", last, state, "stack", [vars], attempts, page, error, [profile]]
 *   ended: [hop, -1, reply] or, ended at a number-keyed dial, [hop, -1, reply, "at", last]
 *   forwarded: [hop, -2, menu, shadow 0|1, handoff dial, path, cut] (trailing empties left out; cut: a
 *   length or a count, never an input: see Handoff)
 * `at` is the time of the last hop in tenths of a second, modulo 36^5 (70 days), as five base-36
 * characters, followed by the menu version (one string saves a separator and two quotes); `at` is
 * read back as the time closest to now with those digits (records live minutes, so the window of
 * ±35 days is never in doubt). Mark `p` = showing the resume prompt, `d` = dropped by the gateway.
 * `last` is a number n for the chain-length token `#n`, else the token as a string. From `state`
 * on, the menu version's StateCodec packs the machine state against its tables (screen indexes,
 * variables by position) and leaves trailing defaults out.
 *
 * Up to 44 bytes Redis keeps a string inside the key's object (bench/RESULTS.md: bytes per
 * session): the eneza quiz stores 37 on its first question, `[3,"4ndukAbC12x",3,2,"01",["Math",0]]`,
 * and 43 five hops deep. Records written before `at` and the version shared a string (`[hop, "at",
 * version, last, …]`) still read, so a rolling deploy keeps its sessions.
 */
const CYCLE = 36 ** 5;
const CHAIN_LENGTH = /^#\d+$/;

/**
 * With a `sealer` (every store that writes to Redis), the values of the menu's sensitive variables
 * are sealed before packing; without one (the in-memory store of the terminal simulator) they stay
 * as they are.
 */
export function encodeRecord(r: SessionRecord, codec: StateCodec | undefined, sealer?: Sealer): string {
  if (r.ended) {
    if (r.forwarded) return encodeForwarded(r.hop, r.forwarded);
    const dial = r.at !== undefined && r.last !== undefined ? `,${JSON.stringify(encodeAt(r.at))},${JSON.stringify(encodeLast(r.last))}` : '';
    return `[${r.hop},-1,${quoted(r.reply)}${dial}]`;
  }
  if (!codec) throw new Error(`no state codec for menu version ${r.version}`);
  const mark = r.prompt ? '.p' : r.dropped ? '.d' : '';
  const ctx = sealer && codec.sensitive.length > 0 ? withVars(r.ctx, codec.sensitive, (v) => sealer.seal(v)) : r.ctx;
  return JSON.stringify([r.hop, encodeAt(r.at) + r.version + mark, encodeLast(r.last), ...codec.pack(r.state, ctx)]);
}

const encodeAt = (at: number) => (Math.round(at * 10) % CYCLE).toString(36).padStart(5, '0');
const encodeLast = (last: string) => (CHAIN_LENGTH.test(last) ? Number(last.slice(1)) : last);
const decodeLast = (last: unknown) => (typeof last === 'number' ? `#${last}` : String(last));

/**
 * `JSON.stringify(text)`, remembered: every compare-and-set carries the ended record of the busy
 * answer (the same few texts over and over), and JSON.stringify is the dearest step of encoding
 * one. Bounded: final screens with variables in them make new texts.
 */
function quoted(text: string): string {
  let json = quotedTexts.get(text);
  if (json === undefined) {
    if (quotedTexts.size >= QUOTED_TEXTS) quotedTexts.clear();
    quotedTexts.set(text, (json = JSON.stringify(text)));
  }
  return json;
}

const QUOTED_TEXTS = 256;
const quotedTexts = new Map<string, string>();

/** `ctx` with each of `names` that it holds replaced by `f` of its value. */
function withVars(ctx: Ctx, names: readonly string[], f: (value: Value) => Value): Ctx {
  let vars: Ctx['vars'] | undefined;
  for (const name of names) {
    const v = ctx.vars[name];
    if (v === undefined) continue;
    vars ??= { ...ctx.vars };
    vars[name] = f(v);
  }
  return vars ? { ...ctx, vars } : ctx;
}

/** A sealed value opened; one stored before sealing was enabled (no prefix) is taken as it is. */
function opened(sealer: Sealer | undefined): (v: Value) => Value {
  return (v) => {
    if (typeof v !== 'string' || !v.startsWith(SEALED_PREFIX)) return v;
    if (!sealer) throw new UnsealableError();
    return sealer.open(v);
  };
}

/** Synchronous when the version's codec is at hand (the common case); a promise when it must be fetched. */
export function decodeRecord(raw: string, codecs: StateCodecs, nowSeconds = Date.now() / 1000, sealer?: Sealer): SessionRecord | Promise<SessionRecord> {
  const a = JSON.parse(raw) as unknown[];
  if (!Array.isArray(a) || typeof a[0] !== 'number') throw new Error('not a session record');
  if (a[1] === -1) {
    const ended: EndedRecord = { ended: true, hop: a[0], reply: typeof a[2] === 'string' ? a[2] : '' };
    if (typeof a[3] === 'string' && a[4] !== undefined) {
      ended.at = nearest(parseInt(a[3], 36), nowSeconds);
      ended.last = decodeLast(a[4]);
    }
    return ended;
  }
  if (a[1] === -2) return { ended: true, hop: a[0], reply: '', forwarded: decodeForwarded(a) };
  const stamp = a[1];
  if (typeof stamp !== 'string') throw new Error('not a session record');
  const [head = '', mark] = stamp.split('.');
  const at36 = head.slice(0, 5);
  // The earlier layout kept the version in a field of its own after a bare `at`.
  const separate = head.length === 5;
  const version = separate ? a[2] : head.slice(5);
  if (typeof version !== 'string') throw new Error('not a session record');
  const last = a[separate ? 3 : 2] as string | number;
  const packed = a.slice(separate ? 4 : 3);
  const live = (codec: StateCodec | undefined): LiveRecord => {
    if (!codec) throw new Error(`menu version ${version} is not known here or in Redis`);
    const unpacked = codec.unpack(packed);
    const { state } = unpacked;
    const ctx = codec.sensitive.length > 0 ? withVars(unpacked.ctx, codec.sensitive, opened(sealer)) : unpacked.ctx;
    const record: LiveRecord = { ended: false, hop: a[0] as number, at: nearest(parseInt(at36, 36), nowSeconds), version, last: decodeLast(last), state, ctx };
    if (mark === 'p') record.prompt = true;
    if (mark === 'd') record.dropped = true;
    return record;
  };
  const codec = codecs(version);
  return codec instanceof Promise ? codec.then(live) : live(codec);
}

/** The time in seconds, closest to `nowSeconds`, whose tenths modulo CYCLE are `stored`. */
function nearest(stored: number, nowSeconds: number): number {
  const now = Math.round(nowSeconds * 10);
  let diff = (stored - (now % CYCLE) + CYCLE) % CYCLE;
  if (diff >= CYCLE / 2) diff -= CYCLE;
  return (now + diff) / 10;
}

function encodeForwarded(hop: number, f: Forwarding): string {
  const h = f.handoff;
  const a: unknown[] = [hop, -2, f.menu ?? '', f.shadow ? 1 : 0, h?.dial ?? '', h?.path ?? '', h?.cut ?? 0];
  while (a.length > 2 && (a[a.length - 1] === '' || a[a.length - 1] === 0)) a.pop();
  return JSON.stringify(a);
}

function decodeForwarded(a: unknown[]): Forwarding {
  const [, , menu, shadow, dial, path, cut] = a.map((v) => (typeof v === 'string' || typeof v === 'number' ? v : ''));
  const f: Forwarding = {};
  if (menu) f.menu = String(menu);
  if (shadow === 1) f.shadow = true;
  if (dial) f.handoff = { dial: String(dial), path: String(path ?? ''), cut: typeof cut === 'number' ? cut : 0 };
  return f;
}
