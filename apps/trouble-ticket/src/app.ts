import type { FastifyInstance } from 'fastify'
import { buildTmfServer, type TmfServerOptions } from '@cx/engine'
import { troubleTicketApiWith } from './api.ts'
import type { ThreadingSettings } from './trouble-ticket.threading.ts'

export interface AppOptions extends TmfServerOptions {
  /** Repeat-contact threading (default: a 30-day window). */
  threading?: ThreadingSettings
}

/** The TMF621 service on its own. Never listens (server.ts does). */
export async function buildApp (opts: AppOptions): Promise<FastifyInstance> {
  return await buildTmfServer([troubleTicketApiWith(opts.threading)], opts)
}
