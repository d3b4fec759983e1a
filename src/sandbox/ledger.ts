/** A provider's answer to one idempotency key, replayed to every repeat of that key. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface LedgerEntry {
  key: string;
  /** The request body first seen with this key: a repeat must carry the same one. */
  request: string;
  answer?: Answer;
  /** A request with this key is being worked on: repeats meanwhile get 409. */
  busy: boolean;
  /** Requests that arrived with this key, including repeats, 409s and injected failures. */
  attempts: number;
}

/** The sandbox provider's memory: one entry per idempotency key, the first answer kept for repeats. */
export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  private counter = 0;

  get(key: string): LedgerEntry | undefined {
    return this.entries.get(key);
  }

  /** Counts a request under `key`, creating its entry (in progress) if it is the first. */
  arrive(key: string, request: string): LedgerEntry {
    const entry = this.entries.get(key) ?? { key, request, attempts: 0, busy: false };
    entry.attempts++;
    this.entries.set(key, entry);
    return entry;
  }

  settle(entry: LedgerEntry, answer: Answer): void {
    entry.answer = answer;
    entry.busy = false;
  }

  /** A failed attempt applied nothing: the key is free again (its attempts still count). */
  release(entry: LedgerEntry): void {
    entry.busy = false;
  }

  nextId(prefix: string): string {
    this.counter++;
    return `${prefix}_${String(this.counter).padStart(6, '0')}`;
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  /** Keys applied (a 2xx answer): what the provider would bill or send. */
  applied(): LedgerEntry[] {
    return this.list().filter((e) => e.answer && e.answer.status < 300);
  }

  summary(): { keys: number; applied: number; refused: number; requests: number } {
    const list = this.list();
    return {
      keys: list.length,
      applied: this.applied().length,
      refused: list.filter((e) => e.answer && e.answer.status >= 400).length,
      requests: list.reduce((n, e) => n + e.attempts, 0),
    };
  }
}
