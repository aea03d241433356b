import {
  createCustomerManagementV5Client,
  createCustomerSatisfactionV1Client,
  createProductOrderingManagementV5Client,
  createSlaManagementV4Client,
  createTroubleTicketV5Client,
  type TmfClientOptions
} from '@cx/clients'
import { createSourceClient as createClient, type SourceClient } from '@cx/hub-subscriber'
import type { EntityKind } from '../projections/entity-facts.ts'
import { rootOf, type SourceSpec } from './source-specs.ts'

const FACTORIES: Record<EntityKind, (o: TmfClientOptions) => unknown> = {
  customer: createCustomerManagementV5Client,
  productOrder: createProductOrderingManagementV5Client,
  troubleTicket: createTroubleTicketV5Client,
  slaViolation: createSlaManagementV4Client,
  surveyResponse: createCustomerSatisfactionV1Client
}

/**
 * A SourceClient (@cx/hub-subscriber) over the generated typed client of the source's API. `origin`
 * is the service's scheme://host:port; `token` the operator token source (client credentials).
 */
export function createSourceClient (spec: SourceSpec, opts: Omit<TmfClientOptions, 'baseUrl'> & { origin: string }): SourceClient {
  return createClient({ name: spec.name, root: rootOf(spec), collection: spec.collection, factory: FACTORIES[spec.name] }, opts)
}
