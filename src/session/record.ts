import type { Ctx } from '../menu/model.js';

/** A session in progress: enough to restore its machine and to recognise a retried hop. */
export interface LiveRecord {
  ended: false;
  /** Hops answered so far (the dial is hop 1). Compare-and-set is on this number. */
  hop: number;
  /** When the last hop was answered, in seconds since the epoch. */
  at: number;
  /** The menu version (content hash) the session started on. */
  version: string;
  /** What identifies the last hop: the whole input chain, a gateway sequence, or the last input. */
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
}

export type SessionRecord = LiveRecord | EndedRecord;

/*
 * Stored as one compact JSON array, hop first (the compare-and-set script reads it with a pattern):
 *   live:  [hop, at, version, last, state, vars, history, attempts, page, error, profile, mark]
 *          (mark: 1 showing the resume prompt, 2 dropped by the gateway)
 *   ended: [hop, -1, reply]
 * Trailing fields that hold their default are left out.
 */
export function encodeRecord(r: SessionRecord): string {
  if (r.ended) return JSON.stringify([r.hop, -1, r.reply]);
  const { v, h, n, g, x, pf } = r.ctx;
  const mark = r.prompt ? 1 : r.dropped ? 2 : 0;
  const fields: unknown[] = [r.hop, r.at, r.version, r.last, r.state, v, h, n, g, x, pf, mark];
  const defaults = [mark === 0, isEmpty(pf), x === 0, g === 0, n === 0, h.length === 0, isEmpty(v)];
  let end = fields.length;
  for (const isDefault of defaults) {
    if (!isDefault) break;
    end--;
  }
  return JSON.stringify(end === fields.length ? fields : fields.slice(0, end));
}

export function decodeRecord(raw: string): SessionRecord {
  const a = JSON.parse(raw) as unknown[];
  if (!Array.isArray(a) || typeof a[0] !== 'number' || typeof a[1] !== 'number') throw new Error('not a session record');
  if (a[1] === -1) return { ended: true, hop: a[0], reply: String(a[2] ?? '') };
  const live: LiveRecord = {
    ended: false,
    hop: a[0],
    at: a[1],
    version: String(a[2]),
    last: String(a[3]),
    state: String(a[4]),
    ctx: {
      v: (a[5] as Ctx['v']) ?? {},
      h: (a[6] as string[]) ?? [],
      n: (a[7] as number) ?? 0,
      g: (a[8] as number) ?? 0,
      x: (a[9] as 0 | 1) ?? 0,
      pf: (a[10] as Ctx['pf']) ?? {},
    },
  };
  if (a[11] === 1) live.prompt = true;
  if (a[11] === 2) live.dropped = true;
  return live;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
