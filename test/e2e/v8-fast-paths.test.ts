import { spawnSync } from 'node:child_process';
import { atHop } from '../support/at-http';
import { spawnService } from '../support/spawn-service';

/*
 * ioredis, as it is imported, leaves String.prototype in V8's dictionary mode, which makes every
 * string method call of optimised code a hash look-up; the service gives it fast properties again
 * (src/infra/fast-string-prototype.ts). V8 reports the mode through natives syntax only. The last
 * test guards the same for every built-in and V8's protectors: a dependency that slows one down
 * (subclassing a built-in, patching an iterator or a species) fails it.
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

test('the running service, once it listens and has answered a hop, keeps every built-in prototype fast and every V8 protector intact', async () => {
  const service = await spawnService({}, [process.execPath, '--allow-natives-syntax', '--no-flush-bytecode', '--import', './test/support/v8-fast-paths-probe.mjs', '--import', 'tsx', 'src/main.ts']);
  try {
    expect(await atHop(service.url, 'fast-strings-1', '+254711000001', '')).toMatch(/^CON /);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const last = service.stderr().trim().split('\n').filter((line) => line.startsWith('v8-fast-paths ')).at(-1);
    expect(JSON.parse(last?.slice('v8-fast-paths '.length) ?? 'null')).toEqual({ slowPrototypes: [], brokenProtectors: [] });
  } finally {
    await service.stop();
  }
}, 60_000);
