import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  (globalThis as { __testRedis?: ChildProcess }).__testRedis?.kill();
}
