import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { productOrderApi } from './api.ts'

export type AppOptions = TmfServerOptions

/** The TMF622 service on its own. Never listens (server.ts does). */
export async function buildApp (opts: AppOptions): Promise<FastifyInstance> {
  return await buildTmfServer([productOrderApi], opts)
}
