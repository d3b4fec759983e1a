import { spawnSync } from 'node:child_process';
import { atHop } from '../support/at-http';
import { spawnService } from '../support/spawn-service';

/*
 * ioredis, as it is imported, leaves String.prototype in V8's dictionary mode, which makes every
 * string method call of optimised code a hash look-up; the service gives it fast properties again
 * (src/infra/fast-string-prototype.ts). V8 reports the mode through natives syntax only.
 */

/** What `%HasFastProperties(String.prototype)` says after `imports`, then `script` (a module run with tsx). */
function fastAfter(imports: string, script = ''): string {
  // Compiled before `script` runs: the fix switches natives syntax off.
  const probe = "const fast = new Function('o', 'return %HasFastProperties(o)'); fast(String.prototype);";
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', `${imports}\n${probe}\n${script}\nconsole.log(fast(String.prototype));`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

test('importing ioredis leaves String.prototype with slow properties (what the fix is for, and what the check can see)', () => {
  expect(fastAfter("import 'ioredis';")).toBe('false');
});

test('restoreFastStringPrototype gives it fast properties again', () => {
  const imports = "import 'ioredis'; import fix from './src/infra/fast-string-prototype.ts';";
  expect(fastAfter(imports, "if (!fix.restoreFastStringPrototype()) throw new Error('not restored');")).toBe('true');
});

test('the running service has a fast String.prototype once it listens and has answered a hop', async () => {
  const service = await spawnService({}, [process.execPath, '--allow-natives-syntax', '--no-flush-bytecode', '--import', './test/support/string-prototype-probe.mjs', '--import', 'tsx', 'src/main.ts']);
  try {
    expect(await atHop(service.url, 'fast-strings-1', '+254711000001', '')).toMatch(/^CON /);
    const lastProbe = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return service.stderr().trim().split('\n').filter((line) => line.startsWith('string-prototype-fast=')).at(-1);
    };
    expect(await lastProbe()).toBe('string-prototype-fast=true');
  } finally {
    await service.stop();
  }
}, 60_000);
