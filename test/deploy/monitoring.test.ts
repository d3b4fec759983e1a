import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dashboardConfigMap, generatedFiles, K8S_DIR, prometheusRule, RULES_FILE } from '../../monitoring/monitoring-objects';
import { ANNOUNCED_METRICS, exportedMetricNames, metricsIn } from '../support/metric-names';

/* eslint-disable @typescript-eslint/no-explicit-any -- rule files and dashboards are untyped YAML/JSON trees */
type Rule = { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> };
const rules = (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const unitTests = parse(readFileSync(RULES_FILE.replace('.rules.yml', '.test.yml'), 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] };
const dashboard = JSON.parse((dashboardConfigMap() as any).data['ussd-engine.json']) as { panels: any[] };
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const runbook = readFileSync('docs/monitoring.md', 'utf8');

let known: Set<string>;
beforeAll(async () => {
  known = new Set([...(await exportedMetricNames()), ...ANNOUNCED_METRICS]);
}, 30_000);

describe('monitoring as code', () => {
  it('when k8s/monitoring is compared with what monitoring/ generates, then they are the same (run npm run monitoring:generate after an edit)', () => {
    for (const [name, content] of Object.entries(generatedFiles())) expect([name, readFileSync(join(K8S_DIR, name), 'utf8')]).toEqual([name, content]);
  });

  it('when the PrometheusRule is read back, then it holds exactly the plain rules file', () => {
    const rendered = parse(readFileSync(join(K8S_DIR, 'prometheus-rule.yaml'), 'utf8'));
    expect(rendered.spec).toEqual((prometheusRule() as any).spec);
    expect(rendered.spec.groups.flatMap((g: any) => g.rules)).toEqual(rules);
  });

  it('when each alert is read, then it reads only metrics the service exports, has a severity, a summary, a promtool test that fires it and a runbook section', () => {
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['UssdDeadlineAnswersRising', 'UssdRedisUnavailable', 'UssdShadowMismatchRate']));
    for (const r of rules) {
      expect([r.alert, metricsIn(r.expr).filter((m) => !known.has(m))]).toEqual([r.alert, []]);
      expect([r.alert, r.labels.severity]).toEqual([r.alert, expect.stringMatching(/^(page|ticket)$/)]);
      expect(r.annotations.summary).toBeTruthy();
      const fires = unitTests.tests.flatMap((t) => t.alert_rule_test).some((a) => a.alertname === r.alert && a.exp_alerts.length > 0);
      expect([r.alert, fires]).toEqual([r.alert, true]);
      const anchor = r.annotations.runbook?.split('#')[1];
      expect([r.alert, anchor]).toEqual([r.alert, r.alert.toLowerCase()]);
      expect([r.alert, runbook.includes(`\n### ${r.alert}\n`)]).toEqual([r.alert, true]);
    }
  });

  it('when every dashboard panel is read, then each query reads only metrics the service exports and each panel fits the 24-column grid', () => {
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) {
      const exprs = (p.targets as { expr: string }[]).map((t) => t.expr);
      expect([p.title, exprs.length > 0, exprs.flatMap(metricsIn).filter((m) => !known.has(m))]).toEqual([p.title, true, []]);
      expect([p.title, p.gridPos.x + p.gridPos.w <= 24, p.datasource]).toEqual([p.title, true, { type: 'prometheus', uid: '${datasource}' }]);
    }
  });

  it('when the dashboard is laid out, then it covers callbacks, effects, sources, the legacy app and the funnel', () => {
    const used = new Set(panels.flatMap((p) => (p.targets as { expr: string }[]).flatMap((t) => metricsIn(t.expr))));
    for (const metric of [
      'ussd_callbacks_total',
      'ussd_callback_duration_seconds',
      'ussd_deadline_answers_total',
      'ussd_sessions_live',
      'ussd_queue_jobs',
      'ussd_effect_jobs_total',
      'ussd_breaker_state',
      ...ANNOUNCED_METRICS,
    ])
      expect([metric, used.has(metric)]).toEqual([metric, true]);
  });
});
