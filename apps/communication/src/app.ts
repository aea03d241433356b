import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { communicationApi } from './api.ts'

export type AppOptions = TmfServerOptions

/** The TMF681 service on its own. Never listens (server.ts does). */
export async function buildApp (opts: AppOptions): Promise<FastifyInstance> {
  return await buildTmfServer([communicationApi], opts)
}
