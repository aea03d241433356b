import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { bearer, serverTestOptions, type StoreKind } from '@cx/test-kit'
import { buildApp } from './app.ts'

export const V5 = '/tmf-api/troubleTicket/v5'
export const V4 = '/tmf-api/troubleTicket/v4'

/** The TMF621 app on its own database for one test, closed at teardown. */
export async function startTroubleTickets (t: { teardown: (fn: () => unknown) => void }, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await buildApp(await serverTestOptions(t, kind, overrides) as never)
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/** app.inject as a given caller ('operator' or a partner id). */
export function as (app: FastifyInstance, who: string) {
  return async (opts: InjectOptions): Promise<LightMyRequestResponse> => {
    return await app.inject({ ...opts, headers: { authorization: await bearer(who), ...(opts.headers ?? {}) } })
  }
}
