import type { ApiDeclaration } from '@cx/engine'
import { slaResource } from './sla.resource.ts'
import { slaViolationResource } from './sla-violation.resource.ts'
import { slaClockResource } from './sla-clock.resource.ts'
import { slaSettlementResource } from './sla-settlement.resource.ts'
import { simulationSchemas, slaExtraRoutes } from './sla-simulation.routes.ts'
import { watchMigrations } from './watch/migrations.ts'
import { slaMetrics } from './sla.metrics.ts'

/** What the API's computed routes need: the service clock and the jeopardy threshold. */
export interface SlaApiOptions {
  now?: () => Date
  jeopardyFraction?: number
}

/**
 * TM Forum publishes TMF623 only as the R14.5 document (no v4/v5 OAS, no CTK), so this API
 * serves one representation, labelled v4 like the third-party implementations, on TMF630
 * conventions. The README documents the shapes, and the CX Suite extensions (clocks,
 * settlements, simulation, business calendars).
 */
export function slaApiWith (opts: SlaApiOptions = {}): ApiDeclaration {
  return {
    name: 'slaManagement',
    tmfId: 'TMF623',
    title: 'SLA Management',
    description: 'Service level agreements with the value-network partners held to them (@type Sla), the recorded breaches of their rules (@type SlaViolation), with their lifecycles and event hub; ' +
      'as CX Suite extensions, the clocks that police the rules on tickets and orders (@type SlaClock, read-only, SlaJeopardyAlertEvent), frozen penalty settlements per partner (@type SlaSettlement) and dry runs of candidate SLAs (slaSimulation). ' +
      'The model follows the TMF623 R14.5 specification on TMF630 REST conventions; TM Forum publishes no official v4 or v5 OpenAPI for TMF623, so these schemas are CX Suite\'s own.',
    versions: ['v4'],
    canonicalVersion: 'v4',
    resources: [slaResource, slaViolationResource, slaClockResource, slaSettlementResource],
    // The computed routes publish no events: subscriptions keep their closed list of event types.
    custom: { routes: slaExtraRoutes({ now: opts.now ?? (() => new Date()), settings: { jeopardyFraction: opts.jeopardyFraction ?? 0.8 } }), schemas: simulationSchemas, publishesEvents: false },
    migrations: watchMigrations,
    metrics: slaMetrics(opts.now ?? (() => new Date()))
  }
}

/** The API with the system clock (what other apps embed and the OpenAPI export reads). */
export const slaApi: ApiDeclaration = slaApiWith()
