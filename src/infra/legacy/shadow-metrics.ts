import type { ShadowResults } from '../../session/shadow-port.js';
import type { Metrics } from '../metrics.js';

/** `ussd_shadow_comparisons_total{menu, result}` (docs/migration.md), and the runs dropped because too many were in flight. */
export function shadowMetrics(metrics: Metrics): ShadowResults {
  const comparisons = metrics.counter({
    name: 'ussd_shadow_comparisons_total',
    help: "Shadow runs of a migrated menu compared with the legacy app's reply, by menu and result: match, mismatch, error (the run failed, or the legacy reply could not be read).",
    labelNames: ['menu', 'result'],
  });
  const dropped = metrics.counter({
    name: 'ussd_shadow_runs_dropped_total',
    help: 'Shadow runs not made because too many were in flight in this process (the callers were answered as usual), by menu.',
    labelNames: ['menu'],
  });
  return {
    compared: (menu, result) => comparisons.inc({ menu, result }),
    dropped: (menu) => dropped.inc({ menu }),
  };
}
