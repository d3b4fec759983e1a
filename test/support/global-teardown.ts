import type { ChildProcess } from 'node:child_process';

export default function globalTeardown(): void {
  (globalThis as { __testRedis?: ChildProcess }).__testRedis?.kill();
}
