/** Latencies in microseconds, summarised. */
export interface Summary {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class Recorder {
  private samples = new Float64Array(1 << 16);
  private n = 0;
  readonly errors = new Map<string, number>();

  add(micros: number): void {
    if (this.n === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.n++] = micros;
  }

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  summary(seconds: number): Summary {
    const sorted = this.samples.slice(0, this.n).sort();
    const at = (q: number) => (this.n === 0 ? 0 : (sorted[Math.min(this.n - 1, Math.floor(q * this.n))] as number));
    return { requests: this.n, seconds, rps: this.n / seconds, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
