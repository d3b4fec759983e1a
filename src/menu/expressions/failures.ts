/**
 * Expressions that fail at run time (a missing variable, a type error) never stop a hop: they
 * count as false, leave a variable unset, or insert a template's fallback. The menu core does no
 * logging, so a step collects what failed here and hands it back with its outcome; the use case
 * logs it with the screen id. Steps are synchronous, so one collector at a time is enough.
 */
export interface ExpressionFailure {
  /** Where the expression is written: `screens.<id>.<field>…`, as the lint names places. */
  where: string;
  /** The expression as written (never a value: values may be sensitive). */
  source: string;
  /** CEL's message, first line only. */
  error: string;
}

let sink: ExpressionFailure[] | undefined;

/** Notes a failure once per step (a `when` is tested by several guards and by the render). */
export function reportFailure(failure: ExpressionFailure): void {
  if (sink && !sink.some((f) => f.where === failure.where && f.error === failure.error)) sink.push(failure);
}

/** Runs `fn` and returns what it returned with the expression failures it met. */
export function collectFailures<T>(fn: () => T): [T, ExpressionFailure[]] {
  const outer = sink;
  const mine: ExpressionFailure[] = [];
  sink = mine;
  try {
    return [fn(), mine];
  } finally {
    sink = outer;
    for (const f of mine) reportFailure(f);
  }
}
