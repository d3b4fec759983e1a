/*
 * Preloaded into a service under test (`--allow-natives-syntax --import` this file): prints on
 * stderr, every 100 ms, a JSON line with the built-in prototypes V8 holds in slow (dictionary)
 * mode and the V8 protectors that are broken. Either makes every use of that built-in take a
 * slow path (a library that subclasses String, patches Array iterators or Promise species).
 * The checks are compiled and run once here, while natives syntax is on (the service switches
 * it off).
 */
const PROTECTORS = ['ArraySpeciesProtector', 'ArrayIteratorProtector', 'MapIteratorProtector', 'SetIteratorProtector', 'StringIteratorProtector', 'PromiseSpeciesProtector', 'RegExpSpeciesProtector', 'TypedArraySpeciesProtector', 'IsConcatSpreadableProtector'];
const intact = PROTECTORS.map((name) => [name, new Function(`return %${name}()`)]);
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)');
for (const [, check] of intact) check();
hasFastProperties(String.prototype);

const builtIns = () => ({ Object, Function, Array, String, Number, Promise, Map, Set, RegExp, Error, Uint8Array, Buffer });
setInterval(() => {
  const slowPrototypes = Object.entries(builtIns()).filter(([, C]) => !hasFastProperties(C.prototype)).map(([name]) => name);
  const brokenProtectors = intact.filter(([, check]) => !check()).map(([name]) => name);
  process.stderr.write(`v8-fast-paths ${JSON.stringify({ slowPrototypes, brokenProtectors })}\n`);
}, 100).unref();
