import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { customerApi } from './api.ts'

export type AppOptions = TmfServerOptions

/** The TMF629 service on its own. Never listens (server.ts does). */
export async function buildApp (opts: AppOptions): Promise<FastifyInstance> {
  return await buildTmfServer([customerApi], opts)
}
