import type { AddressInfo } from 'node:net'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { TokenSource } from '@cx/clients'
import { listenerRoutes } from './api/listener.routes.ts'
import { rebuildKpiFactsIfAsked } from './projections/kpi-facts-rebuild.ts'
import { createSourceClient } from './sources/source-client.ts'
import { SOURCE_SPECS } from './sources/source-specs.ts'
import { SourceSync } from './sources/sync.ts'
import type { EntityKind } from './projections/entity-facts.ts'
import { outagePlugin } from './outages/outage.plugin.ts'
import { ClosedLoop } from './closed-loop/loop-runner.ts'
import { createLoopClients } from './closed-loop/loop-clients.ts'
import { LoopScheduler } from './closed-loop/loop-scheduler.ts'

export interface CxSyncOptions {
  /** HMAC secret of cx's hub subscriptions: every callback must be signed with it. */
  hubSecret: string
  /** An operator token for the sources' REST APIs (client credentials in production). */
  token: TokenSource
  /**
   * Origin (scheme://host:port) of the source services: one for all, or one per source. Default:
   * this server's own address once it listens (embedded mode: every API in one process).
   */
  sourceOrigins?: string | Partial<Record<EntityKind, string>>
  /** URL prefix the sources call back (default: this server's own address once it listens). */
  callbackBase?: string
  /** How often subscriptions are checked and failed sources retried, in ms (default 30 s). */
  checkIntervalMs?: number
  /** Start syncing when the server listens (default true). */
  sync?: boolean
  /** The closed loop's clock (due dates, suppression, expiry); default the system clock. */
  now?: () => Date
  /** Origin of the TMF681 service outage messages are created in (default: the sources' origin when it is one for all, else this server). */
  communicationOrigin?: string
  /** Pause of the outage worker when idle, in ms (default 500). */
  outageIntervalMs?: number
  /** Outage messages created at a time (default 16). */
  messageConcurrency?: number
  /**
   * How often the closed loop polls its tables for due work when nothing wakes it, in ms. Default:
   * `checkIntervalMs` without Redis; with Redis 20 times that (BullMQ delayed jobs wake it on time,
   * and the poll, with a re-sync of those jobs, is only the safety net).
   */
  loopPollMs?: number
  /** BullMQ key prefix of the closed loop's wake-up queue (default `cx`; the queue is `loop-{queue_id}` of the database). */
  loopQueuePrefix?: string
}

/** The plugin's options: the cx sync's, and the server's Redis (the closed loop's delays use BullMQ on it when set). */
export interface CxPluginOptions extends CxSyncOptions {
  redisUrl?: string | undefined
  redisCluster?: boolean | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The cx sync of this server, created when it listens (undefined before, or with sync off). */
    cxSync: SourceSync | undefined
    /** The closed loop's runner (survey invitations, recoveries), created with the sync. */
    closedLoop: ClosedLoop | undefined
  }
}

/**
 * The cx app's link to the resource services: the hub listener, and the SourceSync that
 * subscribes and back-fills, started once the server listens (its own address is the default
 * callback and source origin) and stopped when it closes.
 */
export const cxPlugin = fp(async (app: FastifyInstance, opts: CxPluginOptions) => {
  let scheduler: LoopScheduler | undefined
  // After the projection's transaction committed: a pass for what is due, jobs for what is not yet.
  const wake = (): void => { app.relay.wake(); app.closedLoop?.wake(); scheduler?.wake() }
  await app.register(listenerRoutes({ secret: opts.hubSecret, onApplied: wake }))
  // Outages: their impact, messages and links (outages/), next to the sync.
  await app.register(outagePlugin, opts)
  app.decorate('cxSync', undefined)
  app.decorate('closedLoop', undefined)
  // KPI facts a migration asked to derive from the stored records, before any event competes.
  app.addHook('onReady', async () => {
    const n = await rebuildKpiFactsIfAsked(app.db)
    if (n > 0) app.log.info({ records: n }, 'cx KPI facts derived from the read model')
  })
  if (opts.sync === false) return
  let closing = false

  app.addHook('onListen', async () => {
    const address = app.server.address() as AddressInfo | null
    const own = address === null ? 'http://127.0.0.1' : `http://${address.family === 'IPv6' ? `[${loopbackFor(address.address, '::1')}]` : loopbackFor(address.address, '127.0.0.1')}:${address.port}`
    const originOf = (name: EntityKind): string => typeof opts.sourceOrigins === 'string' ? opts.sourceOrigins : opts.sourceOrigins?.[name] ?? own
    const sync = new SourceSync({
      db: app.db,
      sources: SOURCE_SPECS.map((spec) => ({ spec, client: createSourceClient(spec, { origin: originOf(spec.name), token: opts.token }) })),
      callbackBase: opts.callbackBase ?? own,
      secret: opts.hubSecret,
      checkIntervalMs: opts.checkIntervalMs ?? 30_000,
      log: app.log,
      onChange: wake
    })
    app.cxSync = sync
    const intervalMs = opts.checkIntervalMs ?? 30_000
    const now = opts.now ?? (() => new Date())
    const pollMs = opts.loopPollMs ?? (opts.redisUrl === undefined ? intervalMs : 20 * intervalMs)
    const loop = new ClosedLoop({
      db: app.db,
      clients: createLoopClients({ surveyOrigin: originOf('surveyResponse'), ticketOrigin: originOf('troubleTicket'), token: opts.token }),
      now,
      log: app.log,
      intervalMs,
      pollMs
    })
    app.closedLoop = loop
    if (opts.redisUrl !== undefined) {
      scheduler = new LoopScheduler({
        db: app.db,
        redisUrl: opts.redisUrl,
        cluster: opts.redisCluster === true,
        prefix: opts.loopQueuePrefix ?? 'cx',
        now,
        log: app.log,
        runDue: async () => await loop.runDue(),
        resyncMs: pollMs
      })
      await scheduler.start()
    }
    // In the background: the first back-fill may take a while, and the server already serves. The
    // loop reads the surveys first, so the back-fill's versions meet the triggers they may match.
    loop.refreshSurveys()
      .catch((err: unknown) => app.log.warn({ err }, 'closed loop: surveys could not be read'))
      .finally(() => {
        if (closing) return
        loop.start()
        sync.start().catch((err: unknown) => app.log.error({ err }, 'cx sync failed to start'))
      })
  })
  app.addHook('onClose', async () => {
    closing = true
    // The worker first: no job may start a pass on a stopped runner.
    await scheduler?.close()
    await app.closedLoop?.stop()
    await app.cxSync?.stop()
  })
}, { name: '@cx/cx', dependencies: ['@cx/engine/database'] })

// A server bound to every interface is reached on loopback from this host.
function loopbackFor (address: string, loopback: string): string {
  return address === '0.0.0.0' || address === '::' ? loopback : address
}
