import { context, propagation, trace } from '@opentelemetry/api';
import type { Tracing } from '../../src/infra/tracing';

/** Stops a test file's tracing and clears OpenTelemetry's process-wide globals, so the next file starts clean. */
export async function stopTracing(tracing: Tracing): Promise<void> {
  await tracing.close();
  trace.disable();
  context.disable();
  propagation.disable();
}
