/**
 * A source as the menu declares it, `${NAME}`s unresolved: the service resolves them from its
 * SOURCE_* settings (the menu never sees a URL or a token), once per source.
 */
export interface CompiledSource {
  name: string;
  /** `<menu id>.<name>`: the breaker's name and the label of its metrics. */
  label: string;
  url: string;
  headers: readonly (readonly [name: string, value: string])[];
  timeoutMs: number;
  cacheSeconds: number;
}
