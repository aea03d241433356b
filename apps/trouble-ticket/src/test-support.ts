import type { FastifyInstance } from 'fastify'
import { type StoreKind, startApp } from '@cx/test-kit'
import { buildApp } from './app.ts'

export { as, mergePatch, outboxTypes, type Caller } from '@cx/test-kit'

export const V5 = '/tmf-api/troubleTicket/v5'
export const V4 = '/tmf-api/troubleTicket/v4'

/** This app on its own test database, closed at teardown. */
export async function startTroubleTickets (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return await startApp(t, buildApp, kind, overrides)
}
