import type { DeliveryObserver } from '@cx/events'
import type { WriteObserver } from '../resource/write-observer.ts'
import type { MetricsRegistrar } from './metrics.ts'

/**
 * Business counters from committed writes (never from a rolled-back one): resources created and
 * deleted, and lifecycle states entered, per API and resource. Tickets opened are
 * `cx_resources_created_total{resource="troubleTicket"}`, tickets resolved
 * `cx_resource_state_changes_total{resource="troubleTicket",state="resolved"}`, orders completed
 * `…{resource="productOrder",state="completed"}`, survey responses
 * `cx_resources_created_total{resource="surveyResponse"}`. Per process: Prometheus sums replicas.
 */
export function businessMetrics (m: MetricsRegistrar): WriteObserver {
  const created = m.counter('cx_resources_created_total', 'Resources created (committed), by API and resource', ['api', 'resource'])
  const deleted = m.counter('cx_resources_deleted_total', 'Resources deleted (committed), by API and resource', ['api', 'resource'])
  const states = m.counter('cx_resource_state_changes_total', 'Lifecycle states entered by committed changes (creation included), by API, resource and state', ['api', 'resource', 'state'])
  return {
    committed (changes) {
      for (const c of changes) {
        const labels = { api: c.api, resource: c.resource }
        if (c.kind === 'created') created.inc(labels)
        if (c.kind === 'deleted') deleted.inc(labels)
        if (c.state !== undefined && c.kind !== 'deleted') states.inc({ ...labels, state: c.state })
      }
    }
  }
}

/**
 * Hub delivery metrics of the workers in this process: attempts by outcome, the duration of each
 * POST, and the delivery latency from the event's commit to its successful delivery (seconds).
 */
export function deliveryMetrics (m: MetricsRegistrar): DeliveryObserver {
  const attempts = m.counter('cx_hub_delivery_attempts_total', 'Hub delivery attempts by outcome (delivered, failed)', ['outcome'])
  const duration = m.histogram('cx_hub_delivery_attempt_duration_seconds', 'Duration of one hub delivery POST, connection to response', ['outcome'])
  const latency = m.histogram('cx_hub_delivery_latency_seconds', 'From the event\'s commit to its successful delivery (queueing, retries and the POST)', [],
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800])
  return {
    attempted ({ ok, seconds, lagSeconds }) {
      const outcome = ok ? 'delivered' : 'failed'
      attempts.inc({ outcome })
      duration.observe({ outcome }, seconds)
      if (ok) latency.observe(lagSeconds)
    }
  }
}
