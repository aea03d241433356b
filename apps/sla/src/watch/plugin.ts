import type { AddressInfo } from 'node:net'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { TokenSource } from '@cx/clients'
import { backfill, createSourceClient, SourceSync } from '@cx/hub-subscriber'
import { listenerRoutes } from './listener.routes.ts'
import { listenerPath, WATCHED_SOURCES, type WatchedSource } from './sources.ts'
import { SlaWatcher } from './watcher.ts'
import { BullDeadlineScheduler, TimerScheduler, type DeadlineScheduler } from './scheduler.ts'

export interface SlaWatchOptions {
  /** HMAC secret of the watcher's hub subscriptions: every callback must be signed with it. */
  hubSecret: string
  /** An operator token for the ticket and order APIs (client credentials in production). */
  token: TokenSource
  /** Origin of the ticket and order services: one for both, or one each. Default: this server once it listens. */
  sourceOrigins?: string | Partial<Record<WatchedSource['name'], string>>
  /** URL prefix the sources call back (default: this server's own address once it listens). */
  callbackBase?: string
  /** How often subscriptions are checked and failed sources retried, in ms (default 30 s). */
  checkIntervalMs?: number
  /** Fraction of the allowed time at which the jeopardy alert is raised (default 0.8). */
  jeopardyFraction?: number
  /** Subscribe and back-fill once the server listens (default true). */
  sync?: boolean
  /**
   * Who fires deadlines: 'auto' (default: BullMQ delayed jobs when the server has Redis, else the
   * in-process timer) or 'manual' (nothing runs on its own: tests call slaWatcher.tick()).
   */
  deadlines?: 'auto' | 'manual'
  /** The watcher's clock (default: the server's `now`, else the system clock). */
  now?: () => Date
  /** Redis for the delayed jobs (default: none, the timer). */
  redisUrl?: string | undefined
  /** `redisUrl` lists Redis Cluster nodes (comma-separated); queue keys are hash-tagged. */
  redisCluster?: boolean | undefined
  /** The BullMQ queue of the deadlines (default: `cx-sla-deadlines` under the prefix `cx`). */
  deadlineQueue?: { name: string, prefix: string }
  /** With Redis, the interval of the safety round that fires what a lost job missed (default 1 s). */
  deadlineRoundMs?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The SLA clocks of this server (undefined when it does not watch). */
    slaWatcher: SlaWatcher | undefined
    /** The subscriptions and back-fill of the watched hubs, once the server listens. */
    slaSync: SourceSync | undefined
    /** Settles when the first subscribe + back-fill round is over (undefined before the server listens). */
    slaFirstSync: Promise<void> | undefined
  }
}

/**
 * The SLA service's link to the ticket and order hubs: the signed listener, the watcher that keeps
 * the clocks, the deadline scheduler (started when the server is ready) and, once it listens, the
 * subscriptions and back-fill. Everything stops when the server closes.
 */
export const slaWatchPlugin = fp(async (app: FastifyInstance, opts: SlaWatchOptions) => {
  let scheduler: DeadlineScheduler | undefined
  const watcher = new SlaWatcher({
    db: app.db,
    now: opts.now ?? (() => new Date()),
    settings: { jeopardyFraction: opts.jeopardyFraction ?? 0.8 },
    onChange: () => {
      app.relay.wake()
      scheduler?.moved(watcher.takeMoved())
    }
  })
  app.decorate('slaWatcher', watcher)
  app.decorate('slaSync', undefined)
  app.decorate('slaFirstSync', undefined)
  await app.register(listenerRoutes({ secret: opts.hubSecret, watcher: () => watcher, onApplied: () => { app.relay.wake(); scheduler?.moved(watcher.takeMoved()) } }))

  app.addHook('onReady', async () => {
    if (opts.deadlines === 'manual') return
    scheduler = opts.redisUrl === undefined
      ? new TimerScheduler(watcher, app.log)
      : new BullDeadlineScheduler(watcher, {
        redisUrl: opts.redisUrl,
        redisCluster: opts.redisCluster,
        queueName: opts.deadlineQueue?.name ?? 'cx-sla-deadlines',
        prefix: opts.deadlineQueue?.prefix ?? 'cx',
        log: app.log,
        ...(opts.deadlineRoundMs === undefined ? {} : { safetyRoundMs: opts.deadlineRoundMs })
      })
    await scheduler.start()
  })

  if (opts.sync !== false) {
    app.addHook('onListen', async () => {
      const address = app.server.address() as AddressInfo | null
      const own = address === null ? 'http://127.0.0.1' : `http://${address.family === 'IPv6' ? '[::1]' : '127.0.0.1'}:${address.port}`
      const originOf = (name: WatchedSource['name']): string => typeof opts.sourceOrigins === 'string' ? opts.sourceOrigins : opts.sourceOrigins?.[name] ?? own
      const sync = new SourceSync({
        db: app.db,
        stateTable: 'sla_source',
        label: 'sla',
        callbackBase: opts.callbackBase ?? own,
        secret: opts.hubSecret,
        checkIntervalMs: opts.checkIntervalMs ?? 30_000,
        log: app.log,
        sources: WATCHED_SOURCES.map((s) => {
          const client = createSourceClient({ name: s.name, root: s.root, collection: s.name, factory: s.factory }, { origin: originOf(s.name), token: opts.token })
          return {
            name: s.name,
            client,
            query: s.query,
            listenerPath: listenerPath(s),
            backfill: async () => await backfill(app.db, { table: 'sla_source', source: s.name }, client, {
              applyPage: async (items) => await watcher.applyPage(s.kind, items)
            })
          }
        })
      })
      app.slaSync = sync
      // In the background: the server already serves while it catches up.
      app.slaFirstSync = sync.start().catch((err: unknown) => { app.log.error({ err }, 'sla sync failed to start') })
    })
  }
  app.addHook('onClose', async () => {
    await app.slaSync?.stop()
    await scheduler?.stop()
  })
}, { name: '@cx/sla/watch', dependencies: ['@cx/engine/database'] })
