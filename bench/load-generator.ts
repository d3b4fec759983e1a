import { Pool } from 'undici';
import { atBody, checkReply, QUIZ_HOPS } from './quiz-script';
import { Recorder } from './stats';

/** Plays whole quiz sessions against an Africa's Talking endpoint over keep-alive connections. */
export class QuizLoad {
  private readonly pool: Pool;
  private sessions = 0;

  constructor(
    readonly url: string,
    connections: number,
    private readonly strict: boolean,
    private readonly runId = Math.random().toString(36).slice(2, 8),
  ) {
    this.pool = new Pool(new URL(url).origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** A new learner: unique session id and phone number. */
  newSession(): { id: string; phone: string } {
    const n = this.sessions++;
    return { id: `${this.runId}-${n}`, phone: `2547${String(n).padStart(8, '0')}` };
  }

  /** One hop; resolves with the error kind, or undefined when the reply was right. */
  async hop(session: { id: string; phone: string }, i: number): Promise<string | undefined> {
    const hop = QUIZ_HOPS[i];
    if (!hop) return 'no-such-hop';
    try {
      const res = await this.pool.request({
        path: '/ussd/africastalking',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: atBody(session.id, session.phone, hop.text),
      });
      const body = await res.body.text();
      return checkReply(i, res.statusCode, body, this.strict);
    } catch (err) {
      return `network ${(err as { code?: string }).code ?? (err as Error).message}`;
    }
  }

  /** `count` whole sessions, `users` at a time; a wrong reply rejects (the run would not compare). */
  async playSessions(users: number, count: number): Promise<void> {
    let left = count;
    const user = async () => {
      while (left > 0) {
        left--;
        const s = this.newSession();
        for (let i = 0; i < QUIZ_HOPS.length; i++) {
          const err = await this.hop(s, i);
          if (err) throw new Error(`hop ${i + 1}: ${err}`);
        }
      }
    };
    await Promise.all(Array.from({ length: users }, user));
  }

  /** Closed loop: `users` learners each play sessions back to back for `seconds`. */
  async closedLoop(users: number, seconds: number, rec: Recorder): Promise<void> {
    const until = performance.now() + seconds * 1000;
    const user = async () => {
      while (performance.now() < until) {
        const s = this.newSession();
        for (let i = 0; i < QUIZ_HOPS.length && performance.now() < until; i++) {
          const t0 = performance.now();
          const err = await this.hop(s, i);
          rec.add((performance.now() - t0) * 1000);
          if (err) {
            rec.error(err);
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: users }, user));
  }

  /**
   * Open loop: requests leave at a fixed rate whatever the server does; latency counts from when
   * each request was due (no coordinated omission). A session's next hop waits for its answer.
   */
  /** `bySecond`: also one recorder per second of the run, by when each hop was due. */
  async openLoop(rate: number, seconds: number, rec: Recorder, bySecond?: Recorder[]): Promise<void> {
    const idle: { id: string; phone: string; next: number }[] = [];
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    const total = Math.floor(rate * seconds);
    let sent = 0;
    while (sent < total) {
      const due = start + (sent * 1000) / rate;
      const now = performance.now();
      if (due > now) {
        await new Promise((r) => setTimeout(r, Math.max(0, due - now - 0.5)));
        continue;
      }
      const s = idle.shift() ?? { ...this.newSession(), next: 0 };
      const p = this.hop(s, s.next).then((err) => {
        const micros = (performance.now() - due) * 1000;
        rec.add(micros);
        bySecond?.[Math.floor((due - start) / 1000)]?.add(micros);
        if (err) rec.error(err);
        else if (++s.next < QUIZ_HOPS.length) idle.push(s);
      });
      inFlight.push(p);
      sent++;
      if (inFlight.length > 10_000) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
  }

  /** Opens `count` sessions and plays their first `hops` hops; resolves with the errors seen. */
  async open(count: number, hops: number, concurrency: number): Promise<Recorder> {
    const rec = new Recorder();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        const s = this.newSession();
        for (let i = 0; i < hops; i++) {
          const err = await this.hop(s, i);
          rec.add(0);
          if (err) {
            rec.error(err);
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return rec;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
