import type { AddressInfo } from 'node:net'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { CxSyncOptions } from '../cx-plugin.ts'
import { createOutageClients } from './outage-clients.ts'
import { OutageWorker } from './outage.worker.ts'

/** The outage settings are the cx settings: communicationOrigin, outageIntervalMs, messageConcurrency, now. */
export type OutageOptions = CxSyncOptions

declare module 'fastify' {
  interface FastifyInstance {
    /** The outage worker of this server, created when it listens with sync on. */
    outageWorker: OutageWorker | undefined
  }
}

/** Starts the outage worker (outage.worker.ts) once the server listens, next to the cx sync. */
export const outagePlugin = fp(async (app: FastifyInstance, opts: OutageOptions) => {
  app.decorate('outageWorker', undefined)
  if (opts.sync === false) return
  app.addHook('onListen', async () => {
    const address = app.server.address() as AddressInfo | null
    const own = address === null ? 'http://127.0.0.1' : `http://${address.family === 'IPv6' ? '[::1]' : '127.0.0.1'}:${address.port}`
    const shared = typeof opts.sourceOrigins === 'string' ? opts.sourceOrigins : undefined
    const ticketOrigin = typeof opts.sourceOrigins === 'string' ? opts.sourceOrigins : opts.sourceOrigins?.troubleTicket ?? own
    const worker = new OutageWorker({
      db: app.db,
      clients: createOutageClients({ communicationOrigin: opts.communicationOrigin ?? shared ?? own, ticketOrigin, token: opts.token }),
      now: opts.now ?? (() => new Date()),
      log: app.log,
      intervalMs: opts.outageIntervalMs ?? 500,
      concurrency: opts.messageConcurrency ?? 16
    })
    app.outageWorker = worker
    worker.start()
  })
  app.addHook('onClose', async () => { await app.outageWorker?.stop() })
}, { name: '@cx/cx/outages', dependencies: ['@cx/engine/database'] })
