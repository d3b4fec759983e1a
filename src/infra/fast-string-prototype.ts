import { setFlagsFromString } from 'node:v8';

/*
 * ioredis declares `class VerbatimString extends String` (its RESP3 decoder) as it is imported.
 * Making String.prototype the prototype of a class moves it into V8's dictionary mode, and V8
 * never moves it back on its own: from then on every string method an optimised function calls
 * (`slice`, `charCodeAt`, `split`, `indexOf`) is looked up in a hash table through a generic inline
 * cache instead of being a constant, which doubles what string-heavy code costs. A hop is mostly
 * string work (parsing the gateway's body, rendering and fitting the screen, the Redis protocol):
 * bench/RESULTS.md has the instructions it saves.
 *
 * JavaScript has no way to ask for fast properties again; V8's own `%ToFastProperties` does it.
 * Natives syntax is switched on only to compile and run that one call.
 */

/** Gives String.prototype fast properties again; false when this V8 no longer has the runtime call. */
export function restoreFastStringPrototype(): boolean {
  setFlagsFromString('--allow-natives-syntax');
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the only way to reach a V8 runtime function
    const toFastProperties = new Function('o', '%ToFastProperties(o)') as (o: object) => void;
    toFastProperties(String.prototype);
    return true;
  } catch {
    return false;
  } finally {
    setFlagsFromString('--no-allow-natives-syntax');
  }
}
