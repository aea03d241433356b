import type { ApiDeclaration } from '@cx/engine'
import { customer360Schemas, JourneyEvent } from './customer360/schemas.ts'
import { cxMigrations } from './read-model/migrations.ts'
import { customer360Routes } from './api/customer360.routes.ts'
import { journeyRoutes } from './api/journey.routes.ts'
import { kpiRoutes } from './api/kpi.routes.ts'
import { kpiSchemas } from './kpi/schemas.ts'
import { scorecardRoutes } from './api/scorecard.routes.ts'
import { PartnerScorecard } from './kpi/scorecard.schemas.ts'
import type { ListSettings } from './api/view-list.ts'
import { outageImpactRoutes } from './api/outage-impact.routes.ts'
import { CustomerOutageImpact } from './outages/outage-impact.schemas.ts'
import { recoveryRoutes } from './api/recovery.routes.ts'
import { Recovery } from './closed-loop/recovery.schemas.ts'

/**
 * The two APIs of the cx app: TMF717 Customer 360 (read-only, with its hub) and the CX analytics
 * extension (journey events; no TMF number). Both read the cx read model, migrated with them.
 */
export function cxApis (settings: ListSettings): ApiDeclaration[] {
  return [
    {
      name: 'customer360',
      tmfId: 'TMF717',
      title: 'Customer 360',
      description: 'A read-only view of each customer across orders, tickets, SLA violations and satisfaction surveys, with an explainable experience summary and the customer journey (TMF717 Customer360, extended as @type CxCustomer360). Composed from a read model fed by the resource services\' hubs.',
      versions: ['v5'],
      resources: [],
      custom: { routes: customer360Routes(settings), schemas: customer360Schemas },
      migrations: cxMigrations
    },
    {
      name: 'cxAnalytics',
      title: 'CX Analytics',
      description: 'Customer-experience analytics over the cx read model: the journey of every customer (journeyEvent) KPI time series (kpi), partner scorecards (partnerScorecard) and the closed loop\'s recoveries (recovery).',
      versions: ['v1'],
      canonicalVersion: 'v1',
      resources: [],
      custom: {
        routes: async (app) => {
          await journeyRoutes(settings)(app)
          await kpiRoutes()(app)
          await scorecardRoutes(settings)(app)
          await recoveryRoutes(settings)(app)
          await outageImpactRoutes(settings)(app)
        },
        schemas: [JourneyEvent, ...kpiSchemas, PartnerScorecard, Recovery, CustomerOutageImpact]
      },
      hub: false
    }
  ]
}
