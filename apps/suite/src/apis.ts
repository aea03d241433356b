import type { ApiDeclaration } from '@cx/engine'
import { troubleTicketApi } from '@cx/trouble-ticket'
import type { Seed } from './seed/seed-runner.ts'
import { troubleTicketSeed } from './seed/trouble-tickets.seed.ts'

/** Every API the embedded suite serves on one port, and the demo data seeded into them. */
export const SUITE_APIS: readonly ApiDeclaration[] = [troubleTicketApi]
export const SUITE_SEEDS: readonly Seed[] = [troubleTicketSeed]
