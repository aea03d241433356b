import { context, propagation } from '@opentelemetry/api'

/**
 * The W3C `traceparent` (W3C Trace Context §3.2) of the active span, to store with an outbox event
 * so its deliveries continue the trace; undefined when tracing is off (no propagator registered)
 * or no span is active.
 */
export function currentTraceParent (): string | undefined {
  const carrier: Record<string, string> = {}
  propagation.inject(context.active(), carrier)
  return carrier.traceparent
}
