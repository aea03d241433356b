import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { bearer, serverTestOptions } from './server-options.ts'
import type { StoreKind } from './databases.ts'

/** app.inject bound to one caller. */
export type Caller = (opts: InjectOptions) => Promise<LightMyRequestResponse>

interface Teardown { teardown: (fn: () => unknown) => void }

/** Builds an app (any `buildApp`) on its own test database, ready, and closed at teardown. */
export async function startApp (t: Teardown, build: (opts: never) => Promise<FastifyInstance>, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await build(await serverTestOptions(t, kind, overrides) as never)
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/** app.inject as a given caller: 'operator' or a partner id. */
export function as (app: FastifyInstance, who: string): Caller {
  return async (opts) => await app.inject({ ...opts, headers: { authorization: await bearer(who), ...(opts.headers ?? {}) } })
}

/** A merge patch as a given caller. */
export async function mergePatch (call: Caller, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return await call({ method: 'PATCH', url, headers: { 'content-type': 'application/merge-patch+json', ...headers }, payload: payload as Record<string, unknown> })
}

interface HasDb { db: { query: <R>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[] }> } }

/** Event types written to the outbox for one resource, oldest first. */
export async function outboxTypes (app: HasDb, resourceId: string): Promise<string[]> {
  const rows = await app.db.query<{ event_type: string }>('SELECT event_type FROM cx_outbox WHERE resource_id = $1 ORDER BY seq', [resourceId])
  return rows.rows.map((r) => r.event_type)
}
