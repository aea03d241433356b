import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { slaApiWith } from './api.ts'
import { slaWatchPlugin, type SlaWatchOptions } from './watch/plugin.ts'
import { SLA_PUBLIC_PATHS } from './watch/sources.ts'

export interface AppOptions extends TmfServerOptions {
  /** Police SLAs on the ticket and order hubs (absent: the API only, violations are recorded by hand). */
  watch?: SlaWatchOptions
}

/** The TMF623 service on its own. Never listens (server.ts does). */
export async function buildApp (opts: AppOptions): Promise<FastifyInstance> {
  const { watch, ...server } = opts
  const api = slaApiWith({ ...(opts.now === undefined ? {} : { now: opts.now }), ...(watch?.jeopardyFraction === undefined ? {} : { jeopardyFraction: watch.jeopardyFraction }) })
  const app = await buildTmfServer([api], watch === undefined ? server : { ...server, publicPaths: SLA_PUBLIC_PATHS })
  if (watch !== undefined) {
    await app.register(slaWatchPlugin, { ...watch, ...(opts.now === undefined ? {} : { now: opts.now }), redisUrl: watch.redisUrl ?? opts.redisUrl, redisCluster: watch.redisCluster ?? opts.redisCluster })
  }
  return app
}
