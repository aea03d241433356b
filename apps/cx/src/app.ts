import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { cxApis } from './api.ts'
import { cxPlugin, type CxSyncOptions } from './cx-plugin.ts'

export interface CxAppOptions extends TmfServerOptions {
  cx: CxSyncOptions
}

/** Hub listeners authenticate each call by its signature, not a bearer token. */
export const CX_PUBLIC_PATHS = /^\/cx\/listener\//

/**
 * The cx composition service on its own: TMF717 Customer 360 and CX analytics over its read
 * model, fed by the resource services' hubs (subscribed and back-filled once it listens).
 * Never listens itself (server.ts does).
 */
export async function buildApp (opts: CxAppOptions): Promise<FastifyInstance> {
  const settings = { defaultLimit: opts.defaultLimit ?? 20, maxLimit: opts.maxLimit ?? 1000 }
  const app = await buildTmfServer(cxApis(settings), { ...opts, publicPaths: CX_PUBLIC_PATHS })
  const redis = { redisUrl: opts.redisUrl, redisCluster: opts.redisCluster }
  await app.register(cxPlugin, opts.now === undefined ? { ...redis, ...opts.cx } : { now: opts.now, ...redis, ...opts.cx })
  return app
}
