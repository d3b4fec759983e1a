import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually';

import { freePort } from '../support/own-redis';
import { testRedisUrl, uniqueId } from '../support/redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

const havePrometheus = spawnSync('prometheus', ['--version']).status === 0;
if (!havePrometheus) console.warn('SKIPPED the Prometheus scrape test: no `prometheus` on PATH (apt-get install prometheus; .ci/run installs it)');

type Sample = { metric: Record<string, string>; value: [number, string] };

(havePrometheus ? describe : describe.skip)('a real Prometheus scraping the running service', () => {
  let service: ServiceProcess;
  let prometheus: ChildProcess;
  let dir: string;
  let api: string;

  beforeAll(async () => {
    service = await startServiceProcess({ ROLE: 'web', REDIS_URL: testRedisUrl(), MENUS_DIR: join(__dirname, '..', 'fixtures', 'menus'), QUEUE_PREFIX: `{${uniqueId('q')}}` });
    dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v1`;
    const config = { global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'ussd-web', static_configs: [{ targets: [`127.0.0.1:${service.port}`] }] }] };
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config)); // JSON is YAML
    prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  }, 30_000);

  afterAll(async () => {
    if (prometheus?.exitCode === null) await new Promise((resolve) => prometheus.once('exit', resolve).kill('SIGTERM'));
    if (service) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = async (promql: string): Promise<Sample[] | undefined> => {
    const res = await fetch(`${api}/query?query=${encodeURIComponent(promql)}`).catch(() => undefined);
    if (!res?.ok) return undefined;
    const body = (await res.json()) as { status: string; data: { result: Sample[] } };
    return body.status === 'success' ? body.data.result : undefined;
  };

  it('when callers play a menu, then Prometheus answers for the request histogram and the live-sessions gauge with what happened', async () => {
    const sessionId = uniqueId('prom');
    const hop = (text: string) =>
      fetch(`http://127.0.0.1:${service.port}/ussd/africastalking`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ sessionId, serviceCode: '*386#', phoneNumber: '+254711000386', networkCode: '63902', text }).toString(),
      }).then((r) => r.text());
    expect(await hop('')).toMatch(/^CON /);
    expect(await hop('1')).toBe('CON Type anything:');

    const count = await eventually(
      async () => (await query('sum(ussd_callback_duration_seconds_count{job="ussd-web",gateway="africastalking"})'))?.find((s) => s.value[1] === '2'),
      'Prometheus to have scraped both callbacks',
      20_000,
    );
    expect(count.value[1]).toBe('2');
    const buckets = await query('ussd_callback_duration_seconds_bucket{job="ussd-web",gateway="africastalking",le="+Inf"}');
    expect(buckets?.map((s) => [s.metric.le, s.value[1]])).toEqual([['+Inf', '2']]);
    const p99 = await query('histogram_quantile(0.99, sum by (le) (ussd_callback_duration_seconds_bucket{job="ussd-web"}))');
    expect(Number(p99?.[0]?.value[1])).toBeGreaterThan(0);
    const live = await query('sum(ussd_sessions_live{job="ussd-web"})');
    expect(live?.map((s) => s.value[1])).toEqual(['1']);
  }, 40_000);
});
