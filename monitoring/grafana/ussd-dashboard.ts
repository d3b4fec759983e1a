import { DashboardBuilder, DatasourceVariableBuilder, QueryVariableBuilder, RowBuilder, VariableRefresh, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { breakerTimeline, DATASOURCE, stat, table, timeseries } from './panels';

const RATE = '$__rate_interval';
const p = (q: number, metric: string, by: string) => ({
  expr: `histogram_quantile(${q}, sum by (${by}, le) (rate(${metric}_bucket[${RATE}])))`,
  legend: `p${q * 100} {{${by}}}`,
});

/**
 * The service's Grafana dashboard, as code: shipped as a ConfigMap the Grafana sidecar picks up
 * (`npm run monitoring:generate` writes k8s/monitoring/grafana-dashboard.yaml from this).
 */
export function ussdDashboard(): Dashboard {
  return new DashboardBuilder('USSD session engine')
    .uid('ussd-engine')
    .tags(['ussd'])
    .refresh('30s')
    .time({ from: 'now-3h', to: 'now' })
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'))
    .withVariable(
      new QueryVariableBuilder('menu')
        .label('Menu')
        .datasource(DATASOURCE)
        .query('label_values(ussd_screen_views_total, menu)')
        .refresh(VariableRefresh.OnTimeRangeChanged),
    )
    .withRow(new RowBuilder('Callbacks'))
    .withPanel(timeseries('Callbacks by gateway', 'reqps', [{ expr: `sum by (gateway) (rate(ussd_callbacks_total[${RATE}]))`, legend: '{{gateway}}' }]))
    .withPanel(timeseries('Reply time p50 / p99 by gateway', 's', [p(0.5, 'ussd_callback_duration_seconds', 'gateway'), p(0.99, 'ussd_callback_duration_seconds', 'gateway')]))
    .withPanel(timeseries('Outcomes', 'reqps', [{ expr: `sum by (outcome) (rate(ussd_callbacks_total[${RATE}]))`, legend: '{{outcome}}' }], 'continue (CON), end (END), replay, unavailable (END after a failure), invalid (400), refused (403)'))
    .withPanel(
      timeseries('Deadline-guard answers', 'reqps', [{ expr: `sum by (gateway) (rate(ussd_deadline_answers_total[${RATE}]))`, legend: '{{gateway}}' }], 'Turns not done within RESPONSE_DEADLINE_MS: the caller got the unavailable END'),
    )
    .withPanel(stat('Live sessions', 'short', { expr: 'sum(ussd_sessions_live)' }))
    .withPanel(timeseries('Sessions started and ended', 'ops', [
      { expr: `sum(rate(ussd_sessions_started_total[${RATE}]))`, legend: 'started' },
      { expr: `sum by (reason) (rate(ussd_sessions_ended_total[${RATE}]))`, legend: 'ended: {{reason}}' },
    ]))
    .withPanel(timeseries('Redis errors', 'ops', [{ expr: `sum by (client, kind) (rate(ussd_redis_errors_total[${RATE}]))`, legend: '{{client}} {{kind}}' }]))
    .withRow(new RowBuilder('Effects'))
    .withPanel(timeseries('Queue depth', 'short', [{ expr: 'max by (queue, state) (ussd_queue_jobs)', legend: '{{queue}} {{state}}' }], 'Read from Redis at scrape time: every worker reports the same, hence max()'))
    .withPanel(timeseries('Effect outcomes', 'ops', [{ expr: `sum by (queue, outcome) (rate(ussd_effect_jobs_total[${RATE}]))`, legend: '{{queue}} {{outcome}}' }]))
    .withPanel(breakerTimeline('Provider breakers', { expr: 'max by (provider) (ussd_breaker_state)', legend: '{{provider}}' }))
    .withRow(new RowBuilder('Sources'))
    .withPanel(timeseries('Source calls by outcome', 'reqps', [{ expr: `sum by (source, outcome) (rate(ussd_source_requests_total[${RATE}]))`, legend: '{{source}} {{outcome}}' }]))
    .withPanel(timeseries('Source call time p50 / p99', 's', [p(0.5, 'ussd_source_request_duration_seconds', 'source'), p(0.99, 'ussd_source_request_duration_seconds', 'source')]))
    .withPanel(breakerTimeline('Source breakers', { expr: 'max by (source) (ussd_source_breaker_state)', legend: '{{source}}' }))
    .withRow(new RowBuilder('Legacy app'))
    .withPanel(timeseries('Forwarded to the legacy app', 'reqps', [{ expr: `sum by (gateway, outcome) (rate(ussd_legacy_requests_total[${RATE}]))`, legend: '{{gateway}} {{outcome}}' }]))
    .withPanel(timeseries('Legacy answer time p50 / p99', 's', [p(0.5, 'ussd_legacy_request_duration_seconds', 'gateway'), p(0.99, 'ussd_legacy_request_duration_seconds', 'gateway')]))
    .withPanel(
      timeseries('Shadow comparisons', 'ops', [
        { expr: `sum by (menu, result) (rate(ussd_shadow_comparisons_total[${RATE}]))`, legend: '{{menu}} {{result}}' },
        { expr: `sum by (menu) (rate(ussd_shadow_runs_dropped_total[${RATE}]))`, legend: '{{menu}} dropped (too many in flight)' },
      ]),
    )
    .withRow(new RowBuilder('Processes'))
    .withPanel(
      timeseries('Event loop delay p99 by instance', 's', [{ expr: 'max by (instance) (nodejs_eventloop_lag_p99_seconds)', legend: '{{instance}}' }], 'Every hop on a replica waits this long on top of its own work. Over 100 ms for 10 minutes: UssdEventLoopStalls'),
    )
    .withPanel(
      timeseries('Redis clock offset by instance', 's', [{ expr: 'max by (instance) (ussd_redis_clock_offset_seconds)', legend: '{{instance}}' }], "Redis's clock ahead of the host's (negative: behind). Over 1 s either way for 10 minutes: UssdRedisClockSkew"),
    )
    .withPanel(timeseries('Heap used by instance', 'bytes', [{ expr: 'max by (instance) (nodejs_heap_size_used_bytes)', legend: '{{instance}}' }], 'Menu versions in service and those still asked for by sessions (docs/operations.md, Menu size)'))
    .withRow(new RowBuilder('Funnel: where callers of $menu drop off'))
    .withPanel(
      table(
        'Screens of $menu over the time range',
        [
          { expr: 'sum by (screen) (increase(ussd_screen_views_total{menu="$menu"}[$__range]))', legend: 'views' },
          { expr: 'sum by (screen) (increase(ussd_screen_invalid_inputs_total{menu="$menu"}[$__range]))', legend: 'invalid inputs' },
          { expr: 'sum by (screen, reason) (increase(ussd_screen_endings_total{menu="$menu"}[$__range]))', legend: 'ended: {{reason}}' },
        ],
        'Views, invalid inputs, and sessions that ended on each screen, by reason: end (a final screen), timeout, too-many (invalid attempts), dropped (the caller or network left)',
      ),
    )
    .build();
}
