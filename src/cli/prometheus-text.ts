export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** The samples of metric `name` in Prometheus text format (what `/metrics` answers). */
export function samplesOf(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map((l): [string, string] => [l[1] ?? '', unescape(l[2] ?? '')]));
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

function unescape(v: string): string {
  return v.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}
