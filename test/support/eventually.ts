/**
 * Waits until `probe` returns something truthy (an event happening in the background, such as a
 * file reload), polling; fails naming `what` when it does not happen within `timeoutMs`.
 * Not a timing assertion: the timeout only bounds a wait for something that must happen.
 */
export async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
