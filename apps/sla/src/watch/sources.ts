import { createProductOrderingManagementV5Client, createTroubleTicketV5Client, type TmfClientOptions } from '@cx/clients'
import type { WatchedKind } from './entities.ts'

/** A source the watcher follows: the v5 root of its API, its collection and events. */
export interface WatchedSource {
  /** Source name: the collection, as in sla_source and the listener path. */
  name: 'troubleTicket' | 'productOrder'
  kind: WatchedKind
  root: string
  factory: (o: TmfClientOptions) => unknown
  /** Every version of the resource comes with its Create or AttributeValueChange event (state changes included). */
  query: string
}

export const WATCHED_SOURCES: readonly WatchedSource[] = [
  { name: 'troubleTicket', kind: 'TroubleTicket', root: '/tmf-api/troubleTicket/v5', factory: createTroubleTicketV5Client, query: 'eventType=TroubleTicketCreateEvent,TroubleTicketAttributeValueChangeEvent' },
  { name: 'productOrder', kind: 'ProductOrder', root: '/tmf-api/productOrderingManagement/v5', factory: createProductOrderingManagementV5Client, query: 'eventType=ProductOrderCreateEvent,ProductOrderAttributeValueChangeEvent' }
]

/** Hub listeners authenticate each call by its signature, not a bearer token. */
export const SLA_PUBLIC_PATHS = /^\/sla\/listener\//

export const listenerPath = (s: WatchedSource): string => `/sla/listener/${s.name}`
