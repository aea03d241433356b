import type { ApiDeclaration } from '@cx/engine'
import { customerApi } from '@cx/customer'
import { productOrderApi } from '@cx/product-order'
import { troubleTicketApi } from '@cx/trouble-ticket'
import { slaApi } from '@cx/sla'
import { surveyApi } from '@cx/survey'
import type { Seed } from './seed/seed-runner.ts'
import { customerSeed } from './seed/customers.seed.ts'
import { troubleTicketSeed } from './seed/trouble-tickets.seed.ts'
import { productOrderSeed } from './seed/product-orders.seed.ts'
import { slaSeed } from './seed/slas.seed.ts'
import { surveySeed } from './seed/surveys.seed.ts'

/** Every API the embedded suite serves on one port. */
export const SUITE_APIS: readonly ApiDeclaration[] = [customerApi, productOrderApi, troubleTicketApi, slaApi, surveyApi]

/** The demo story, in the order it happened: customers, their orders and tickets, SLA breaches, surveys. */
export const SUITE_SEEDS: readonly Seed[] = [customerSeed, troubleTicketSeed, productOrderSeed, slaSeed, surveySeed]
