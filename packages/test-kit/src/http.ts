import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Teardown } from './databases.ts'
import { appQueue, deleteRedisKeys } from './redis.ts'
import { bearer, serverTestOptions } from './server-options.ts'
import type { StoreKind } from './databases.ts'
import type { HasDb } from './outbox.ts'

/** app.inject bound to one caller. */
export type Caller = (opts: InjectOptions) => Promise<LightMyRequestResponse>

/**
 * Builds an app (any `buildApp`) on its own test database, ready, and closed at teardown. With a
 * `redisUrl` override it delivers through BullMQ, and its queue's keys are removed once it is closed.
 */
export async function startApp (t: Teardown, build: (opts: never) => Promise<FastifyInstance>, kind: StoreKind, overrides: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = await build(await serverTestOptions(t, kind, overrides) as never)
  const redisUrl = typeof overrides.redisUrl === 'string' ? overrides.redisUrl : undefined
  let queueKeys: string | undefined
  // One teardown, so the keys go only after the app (and its workers) stopped writing them.
  t.teardown(async () => {
    await app.close()
    if (redisUrl !== undefined && queueKeys !== undefined) await deleteRedisKeys(queueKeys, redisUrl)
  })
  await app.ready()
  if (redisUrl !== undefined) {
    const queue = await appQueue((app as unknown as HasDb).db)
    queueKeys = `${queue.prefix}:${queue.name}:*`
  }
  return app
}

/** app.inject as a given caller: 'operator' or a partner id. */
export function as (app: FastifyInstance, who: string): Caller {
  return async (opts) => await app.inject({ ...opts, headers: { authorization: await bearer(who), ...(opts.headers ?? {}) } })
}

export const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' }

/** A merge patch as a given caller. */
export async function mergePatch (call: Caller, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return await call({ method: 'PATCH', url, headers: { ...MERGE_PATCH, ...headers }, payload: payload as Record<string, unknown> })
}

/**
 * The demo seeds' calling contract (apps/suite seed-runner: POST/PATCH through the HTTP surface
 * as the given principal, throwing on anything but success), bound to an app under test.
 * `onCall` sees `"{who} {method}"` for each call.
 */
export function seedCaller (app: FastifyInstance, onCall?: (call: string) => void): (method: 'POST' | 'PATCH', url: string, payload: unknown, who?: string) => Promise<Record<string, unknown>> {
  return async (method, url, payload, who = 'operator') => {
    onCall?.(`${who} ${method}`)
    const res = await app.inject({
      method,
      url,
      payload: payload as Record<string, unknown>,
      headers: { authorization: await bearer(who), 'content-type': method === 'PATCH' ? MERGE_PATCH['content-type'] : 'application/json' }
    })
    if (res.statusCode >= 300) throw new Error(`seed ${method} ${url} failed: ${res.statusCode} ${res.body}`)
    return res.json()
  }
}
