import type { HttpReply } from '../gateways/codec.js';

/** At most this many problems, each at most this long: a hostile body must not come back (or into a log) many times its size. */
const MAX_PROBLEMS = 10;
const MAX_PROBLEM_CHARS = 200;

/** `text` cut to `max` characters, marked when cut. */
export function clip(text: string, max = MAX_PROBLEM_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first problems, each clipped, and a line saying how many more there were. */
export function boundProblems(problems: readonly string[]): string[] {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => clip(p));
  if (problems.length > MAX_PROBLEMS) shown[MAX_PROBLEMS - 1] = `… and ${problems.length - MAX_PROBLEMS + 1} more problems`;
  return shown;
}

/** An RFC 9457 problem document: what the caller got wrong, in JSON, bounded in size whatever it was sent. */
export function problem(status: number, title: string, detail: string, errors: readonly string[] = [], headers: Record<string, string> = {}): HttpReply {
  const bounded = boundProblems(errors);
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: 'about:blank', title, status, detail: clip(detail), ...(bounded.length > 0 ? { errors: bounded } : {}) }),
  };
}
