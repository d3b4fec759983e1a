import type { Redis } from 'ioredis';

/**
 * Counts the Redis round trips `work` makes on a standalone client: socket writes issued in one
 * turn of the event loop (before any reply can have arrived) count as one.
 */
export async function countRoundTrips<T>(redis: Redis, work: () => Promise<T>): Promise<{ value: T; trips: number }> {
  const stream = redis.stream;
  const write = stream.write.bind(stream);
  let trips = 0;
  let sameTurn = false;
  stream.write = ((...args: Parameters<typeof write>) => {
    if (!sameTurn) {
      trips++;
      sameTurn = true;
      setImmediate(() => (sameTurn = false));
    }
    return write(...args);
  }) as typeof stream.write;
  try {
    return { value: await work(), trips };
  } finally {
    stream.write = write;
  }
}
