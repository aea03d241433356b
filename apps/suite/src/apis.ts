import type { ApiDeclaration } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import { communicationApi } from '@cx/communication'
import { cxApis } from '@cx/cx'
import { outageSeed } from './seed/outages.seed.ts'
import type { Seed } from './seed/seed-runner.ts'
import { customerSeed } from './seed/customers.seed.ts'
import { troubleTicketSeed } from './seed/trouble-tickets.seed.ts'
import { productOrderSeed } from './seed/product-orders.seed.ts'
import { slaSeed } from './seed/slas.seed.ts'
import { surveySeed } from './seed/surveys.seed.ts'
import { historySeed } from './seed/history.seed.ts'
import { closedLoopSeed } from './seed/closed-loop.seed.ts'
import { slaPolicingSeed } from './seed/sla-policing.seed.ts'

/** The resource services (TMF681 carries the messages cx writes for channel systems to deliver). */
export const RESOURCE_APIS: readonly ApiDeclaration[] = [customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi, communicationApi]

/** Every API the embedded suite serves on one port: the resource services, then the cx composition service. */
export function suiteApis (settings: { defaultLimit: number, maxLimit: number }): ApiDeclaration[] {
  return [...RESOURCE_APIS, ...cxApis(settings)]
}

/** The suite's APIs with the default page limits (their documents do not depend on the limits). */
export const SUITE_APIS: readonly ApiDeclaration[] = suiteApis({ defaultLimit: 20, maxLimit: 1000 })

/** The demo story, in the order it happened: customers, their orders and tickets, SLA breaches, surveys. */
export const SUITE_SEEDS: readonly Seed[] = [customerSeed, troubleTicketSeed, productOrderSeed, slaSeed, surveySeed, historySeed, slaPolicingSeed, closedLoopSeed, outageSeed]
