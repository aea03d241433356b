import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createRelay, type DeliveryConfig, type EventFormatter, type EventRelay, type QueryOptions } from '@cx/events'

declare module 'fastify' {
  interface FastifyInstance { relay: EventRelay }
}

export interface RelayPluginOptions {
  formatter: EventFormatter
  queryOptions: QueryOptions
  config: DeliveryConfig
  redisUrl?: string | undefined
  redisCluster?: boolean | undefined
  concurrency?: number | undefined
  runWorkers: boolean
  apis: readonly string[]
}

/** Moves committed outbox events to hub subscribers; started when the app is ready. */
export const relay = fp(async (app: FastifyInstance, opts: RelayPluginOptions) => {
  const r = createRelay({
    db: app.db,
    formatter: opts.formatter,
    queryOptions: opts.queryOptions,
    config: opts.config,
    runWorkers: opts.runWorkers,
    // Apps sharing one database each relay only their own events, with their own formatter.
    apis: opts.apis,
    logger: app.log,
    ...(opts.redisUrl === undefined ? {} : { redisUrl: opts.redisUrl, redisCluster: opts.redisCluster ?? false }),
    ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency })
  })
  app.decorate('relay', r)
  app.addHook('onReady', async () => { await r.start() })
  app.addHook('onClose', async () => { await r.close() })
}, { name: '@cx/engine/relay', dependencies: ['@cx/engine/database'] })
