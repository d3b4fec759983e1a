import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import { MappingType, type Panel, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelinePanel } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

/** Every panel asks the Prometheus the dashboard's `datasource` variable picks. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  legend?: string;
}

const target = (q: Query, refId: string) =>
  new DataqueryBuilder().datasource(DATASOURCE).expr(q.expr).legendFormat(q.legend ?? '__auto').refId(refId);

const REF_IDS = 'ABCDEFGH';

/** A time series of one or more queries. */
export function timeseries(title: string, unit: string, queries: Query[], description?: string): Builder<Panel> {
  const p = new TimeseriesPanel().title(title).unit(unit).datasource(DATASOURCE).height(8).span(12).min(0);
  if (description) p.description(description);
  queries.forEach((q, i) => p.withTarget(target(q, REF_IDS[i] ?? 'Z')));
  return p;
}

/** One number, now. */
export function stat(title: string, unit: string, query: Query): Builder<Panel> {
  return new StatPanel().title(title).unit(unit).datasource(DATASOURCE).height(8).span(12).withTarget(target(query, 'A'));
}

/** 0 closed, 1 half-open, 2 open, as coloured bands over time. */
const BREAKER_STATES: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: {
      '0': { text: 'closed', color: 'green', index: 0 },
      '1': { text: 'half-open', color: 'yellow', index: 1 },
      '2': { text: 'open', color: 'red', index: 2 },
    },
  },
];

export function breakerTimeline(title: string, query: Query): Builder<Panel> {
  return new StateTimelinePanel().title(title).datasource(DATASOURCE).height(8).span(12).mappings(BREAKER_STATES).withTarget(target(query, 'A'));
}

/** Instant queries side by side, one row per label set (`merge`), counts over the dashboard's range. */
export function table(title: string, queries: Query[], description?: string): Builder<Panel> {
  const p = new TablePanel().title(title).datasource(DATASOURCE).height(10).span(24).withTransformation({ id: 'merge', options: {} });
  if (description) p.description(description);
  queries.forEach((q, i) => p.withTarget(target(q, REF_IDS[i] ?? 'Z').instant().format(PromQueryFormat.Table)));
  return p;
}
