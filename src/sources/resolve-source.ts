import type { CompiledSource } from '../menu/model.js';

/** A source with its settings filled in: where to connect, the path prefix, the headers to send. */
export interface ResolvedSource {
  label: string;
  origin: string;
  /** The base URL's path, without a trailing `/`: each call's target is appended to it. */
  basePath: string;
  /** The base URL's query with its `?` (`?key=…`), or '': each call carries it before its own query. */
  search: string;
  headers: Record<string, string>;
  timeoutMs: number;
  cacheSeconds: number;
}

/** The part of a source a call needs: a menu's compiled source, or what a `call` effect carries. */
export type SourceDefinition = Pick<CompiledSource, 'label' | 'url' | 'timeoutMs' | 'cacheSeconds'> & { headers: Iterable<readonly [string, string]> };

/**
 * Fills `${NAME}` from the service's SOURCE_* settings (the menu was refused at load if one is
 * missing; a call effect decided by another version may still meet one: that is an error here).
 * Once per source, not per call.
 */
export function resolveSource(def: SourceDefinition, settings: Readonly<Record<string, string>>): ResolvedSource {
  const fill = (text: string) =>
    text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
      const value = /^SOURCE_[A-Z0-9_]+$/.test(name) ? settings[name] : undefined;
      if (value === undefined) throw new Error(`source ${def.label}: \${${name}} is not set`);
      return value;
    });
  const url = new URL(fill(def.url));
  const headers: Record<string, string> = {};
  for (const [name, value] of def.headers) headers[name.toLowerCase()] = fill(value);
  return { label: def.label, origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), search: url.search, headers, timeoutMs: def.timeoutMs, cacheSeconds: def.cacheSeconds };
}
