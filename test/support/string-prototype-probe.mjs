/*
 * Preloaded into a service under test (`--allow-natives-syntax --import` this file): prints on
 * stderr, every 100 ms, whether V8 keeps String.prototype with fast properties. The check is
 * compiled and run once here, while natives syntax is on (the service switches it off).
 */
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)');
hasFastProperties(String.prototype);
setInterval(() => process.stderr.write(`string-prototype-fast=${hasFastProperties(String.prototype)}\n`), 100).unref();
