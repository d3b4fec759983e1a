import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * The service runs without V8's allocation-site pretenuring (src/infra/gc-tuning.ts,
 * docs/adr/no-allocation-site-pretenuring.md). V8 has no API to read a flag back, so these tests
 * watch what V8 itself reports: with `--trace-pretenuring-statistics` it prints a line per
 * allocation site it weighs for pretenuring, and prints none once pretenuring is off.
 */

/** Objects that outlive young-generation collections: the pattern that makes V8 pretenure a site. */
const WORKLOAD = `
  const kept = [];
  for (let round = 0; round < 100; round++) {
    for (let i = 0; i < 20000; i++) kept.push({ i, list: [i], inner: { i } });
    if (kept.length > 200000) kept.length = 0;
  }`;

/** What V8 printed about pretenuring while the workload ran (after `before` was imported). */
function pretenuringLines(before: string): string[] {
  const script = `${before}\nconsole.log('workload starts');${WORKLOAD}`;
  const run = spawnSync(process.execPath, ['--trace-pretenuring-statistics', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status).toBe(0);
  const start = run.stdout.indexOf('workload starts');
  expect(start).toBeGreaterThanOrEqual(0);
  const after = run.stdout.slice(start);
  return after.split('\n').filter((line) => line.includes('pretenuring: AllocationSite'));
}

test('V8 weighs pretenuring for long-lived objects by default (the check below can see it)', () => {
  expect(pretenuringLines('').length).toBeGreaterThan(0);
});

test('after src/infra/gc-tuning.ts, no allocation site is considered for pretenuring', () => {
  expect(pretenuringLines("import './src/infra/gc-tuning.ts';")).toEqual([]);
});

test("the service's entry point imports gc-tuning before anything else", () => {
  const firstStatement = readFileSync('src/main.ts', 'utf8').split('\n').find((line) => line.trim() !== '' && !line.startsWith('//'));
  expect(firstStatement).toBe("import './infra/gc-tuning.js';");
});
